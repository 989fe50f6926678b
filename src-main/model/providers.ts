/**
 * Execution providers: CPU unless an accelerator is asked for. A requested provider that cannot start (not built
 * into this onnxruntime-node, libraries absent, no device) falls back to the next candidate and the reason is
 * kept, so the caller can report what ran and why.
 *
 * | request | candidates, in order                                                        |
 * |---------|-----------------------------------------------------------------------------|
 * | cpu     | cpu                                                                         |
 * | auto    | the platform's accelerator (linux: cuda; win32: dml; darwin: coreml), cpu   |
 * | cuda    | cuda, cpu   (Linux; CUDA libraries are an opt-in download, see .npmrc)              |
 * | dml     | dml, cpu    (Windows DirectML, bundled with onnxruntime-node on win32)      |
 * | coreml  | coreml, cpu (macOS)                                                         |
 * | webgpu  | webgpu, cpu                                                                 |
 */
import ort from 'onnxruntime-node';

export const PROVIDER_REQUESTS = ['cpu', 'auto', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ProviderRequest = (typeof PROVIDER_REQUESTS)[number];

/** the provider when none is asked for: the session, a job's kept options and the app's settings all fall back to it */
export const DEFAULT_PROVIDER = 'cpu' satisfies ProviderRequest;

const PLATFORM_ACCELERATOR: Partial<Record<NodeJS.Platform, string>> = { linux: 'cuda', win32: 'dml', darwin: 'coreml' };

export function providerCandidates(request: ProviderRequest, platform: NodeJS.Platform = process.platform): string[] {
  if (request === 'cpu') return ['cpu'];
  const first = request === 'auto' ? PLATFORM_ACCELERATOR[platform] : request;
  return first ? [first, 'cpu'] : ['cpu'];
}

/** Providers this onnxruntime-node build knows of (bundled or installable), e.g. cpu, webgpu, cuda, tensorrt. */
export function knownProviders(): string[] {
  return ort.listSupportedBackends().map((b) => b.name);
}

/** Each provider this build knows of → whether its libraries ship inside the package (CUDA's are an opt-in download). */
export function providerBuilds(): Map<string, boolean> {
  return new Map(ort.listSupportedBackends().map((b) => [b.name, b.bundled]));
}

export interface ProviderAttempt {
  provider: string;
  error: string;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  /** providers tried before the one that opened, and why each failed */
  fallbacks: ProviderAttempt[];
}

export async function openWithFallback(
  modelPath: string,
  request: ProviderRequest,
  options: ort.InferenceSession.SessionOptions = {},
): Promise<OpenedSession> {
  const known = new Set(knownProviders());
  const fallbacks: ProviderAttempt[] = [];
  for (const provider of providerCandidates(request)) {
    if (provider !== 'cpu' && !known.has(provider)) {
      fallbacks.push({ provider, error: `not available in onnxruntime-node on ${process.platform}/${process.arch}` });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(modelPath, { ...options, executionProviders: [provider] });
      return { session, provider, fallbacks };
    } catch (e) {
      fallbacks.push({ provider, error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
    }
  }
  const why = fallbacks.map((f) => `${f.provider}: ${f.error}`).join('; ');
  throw new Error(`${modelPath}: no execution provider could open the model (${why})`);
}
