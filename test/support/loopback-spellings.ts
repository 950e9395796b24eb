/**
 * A loopback server's address in every spelling the WHATWG parser, inet_aton or a resolver would
 * take for loopback: what an attacker tries on any URL we fetch (feeds, webhook endpoints).
 */
export const loopbackSpellings = (port: number, path: string): string[] => [
  `http://127.0.0.1:${port}${path}`,
  `http://2130706433:${port}${path}`,
  `http://0x7f.0.0.1:${port}${path}`,
  `http://0x7f000001:${port}${path}`,
  `http://0177.0.0.1:${port}${path}`,
  `http://127.1:${port}${path}`,
  `http://127.0.1:${port}${path}`,
  `http://0.0.0.0:${port}${path}`,
  `http://0:${port}${path}`,
  `http://localhost:${port}${path}`,
  `http://LOCALHOST.:${port}${path}`,
  `http://[::1]:${port}${path}`,
  `http://[::]:${port}${path}`,
  `http://[::ffff:127.0.0.1]:${port}${path}`,
  `http://[::ffff:7f00:1]:${port}${path}`,
  `http://[::127.0.0.1]:${port}${path}`,
  `http://[0:0:0:0:0:ffff:127.0.0.1]:${port}${path}`,
  `https://127.0.0.1:${port}${path}`,
];
