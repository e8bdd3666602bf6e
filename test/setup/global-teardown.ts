export default async function globalTeardown(): Promise<void> {
  const closers = (globalThis as { __tollgateClosers?: { close(): Promise<void> }[] }).__tollgateClosers ?? [];
  for (const c of closers) await c.close();
}
