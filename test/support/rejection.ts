import { expect } from 'vitest';

/** The error a promise rejects with, asserted to be of the given class (and to reject at all). */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The error a call throws, asserted to be of the given class; null when it does not throw. */
export function thrownBy<E extends Error>(
  call: () => unknown,
  type: abstract new (...args: never[]) => E,
): E | null {
  try {
    call();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as E;
  }
}
