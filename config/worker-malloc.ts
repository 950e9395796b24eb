/**
 * glibc's malloc keeps one arena per thread that allocates (up to 8 per core) and returns little of
 * what a big message freed in them to the system: with the mail pool's threads parsing megabyte
 * messages, the worker's resident memory grew by hundreds of MB that no heap held (issue 20;
 * docs/tenancy.md, "Memory"). Two arenas keep it in check. glibc reads it at process start, so whoever starts a worker sets it: the Dockerfile, `npm run dev` and
 * the test harness (a value already in the environment wins).
 */
export const WORKER_MALLOC_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' } as const;
