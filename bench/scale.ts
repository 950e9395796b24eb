export async function runScaleBench(_opts: {
  messages: string | undefined;
  connections: string | undefined;
  say: (line: string) => void;
  stopping?: () => void;
}): Promise<void> {}
