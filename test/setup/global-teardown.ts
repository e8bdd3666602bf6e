export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __tollgateCouch?: { close(): Promise<void> } }).__tollgateCouch;
  await server?.close();
}
