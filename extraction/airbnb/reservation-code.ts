/** Airbnb confirmation codes: `HM` then eight capitals or digits. */
export const RESERVATION_CODE = /\bHM[A-Z0-9]{8}\b/;

export function reservationCodeIn(text: string | null | undefined): string | null {
  return text ? (RESERVATION_CODE.exec(text)?.[0] ?? null) : null;
}
