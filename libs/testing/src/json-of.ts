/** Parsed JSON a test pokes into freely; assertions, not types, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: test-only escape hatch for response bodies
export type Loose = any;

export async function jsonOf(res: Response): Promise<Loose> {
  return res.json();
}
