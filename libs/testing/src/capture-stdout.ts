/** Runs a CLI action in this process and returns what it wrote to stdout (stderr is swallowed when asked). */
export async function captureStdout(run: () => Promise<unknown>, opts: { quietStderr?: boolean } = {}): Promise<string> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  const err = opts.quietStderr ? jest.spyOn(process.stderr, 'write').mockImplementation(() => true) : undefined;
  try {
    await run();
  } finally {
    spy.mockRestore();
    err?.mockRestore();
  }
  return out.join('');
}
