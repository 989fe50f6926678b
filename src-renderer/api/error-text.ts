/** Errors from window.ecg arrive as "[code] message" (the preload can pass only a message); split them for views. */
export interface ErrorText {
  code: string | undefined;
  message: string;
}

export function errorText(e: unknown): ErrorText {
  const text = e instanceof Error ? e.message : String(e);
  const m = /^\[([a-z-]+)\]\s*([\s\S]*)$/.exec(text);
  return m ? { code: m[1], message: m[2]! } : { code: undefined, message: text };
}
