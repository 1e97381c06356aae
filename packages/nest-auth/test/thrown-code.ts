/** The `code` of what `action` throws, or undefined if it returns: for asserting on codes. */
export function thrownCode(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}
