import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `next` (and everything it starts) as part of the request `requestId`. */
export function runInRequest(requestId: string, next: () => void): void {
  storage.run({ requestId }, next);
}

/** The id of the request being served, for log lines written while serving it. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
