/** A same-site path to return to (after sign-in, after answering a question); anything else becomes the fallback. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/programma'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\') || hasControlCharacter(to)) return fallback;
  return to;
}

function hasControlCharacter(text: string) {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}
