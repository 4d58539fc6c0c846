// The order LSP puts messages in: `initialize` first and once, nothing but `exit` after
// `shutdown`. Messages out of that order are answered with an error or dropped before any
// handler sees them.
import type { Message, NotificationMessage, RequestMessage } from 'vscode-languageserver/node';
import { isObject } from './paramShapes';

/** LSP's code for a request sent before `initialize`, and JSON-RPC's for one out of place. */
export const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

/** Why a request is refused: a value only `Lifecycle` makes, so no client can forge one. */
export class Refusal {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

/** The method a refused request is handed on under, with its Refusal as the params. */
export const REFUSED_METHOD = '$/ml-practice/refused';

type Stage = 'starting' | 'serving' | 'shutting down';

export class Lifecycle {
  private stage: Stage = 'starting';

  /**
   * The message to hand on: `message` itself, a request rewritten to REFUSED_METHOD, or
   * undefined for a notification out of order, which LSP says to drop.
   */
  admit(message: Message): Message | undefined {
    const { method, id } = message as Partial<RequestMessage>;
    if (typeof method !== 'string') return message;
    const isRequest = typeof id === 'string' || typeof id === 'number';
    if (!isRequest) return this.notification(message as NotificationMessage);

    const refusal = this.refusalOf(method, (message as Partial<RequestMessage>).params);
    if (refusal === undefined) return message;
    const refused: RequestMessage = {
      jsonrpc: '2.0',
      id: id as number | string,
      method: REFUSED_METHOD,
      params: refusal,
    };
    return refused;
  }

  private notification(message: NotificationMessage): Message | undefined {
    if (message.method === 'exit' || this.stage === 'serving') return message;
    return undefined;
  }

  private refusalOf(method: string, params: unknown): Refusal | undefined {
    if (this.stage === 'starting') {
      if (method === 'initialize') {
        // One that cannot be served leaves the client to try again.
        const problem = initializeParamsProblem(params);
        if (problem !== undefined) return new Refusal(INVALID_PARAMS, problem);
        this.stage = 'serving';
        return undefined;
      }
      return new Refusal(
        SERVER_NOT_INITIALIZED,
        `${method} came before initialize; the server answers nothing until it is initialized`,
      );
    }
    if (this.stage === 'shutting down') {
      return new Refusal(
        INVALID_REQUEST,
        `${method} came after shutdown; the server accepts only the exit notification now`,
      );
    }
    if (method === 'initialize') {
      return new Refusal(INVALID_REQUEST, 'initialize came a second time; it is sent once');
    }
    if (method === 'shutdown') this.stage = 'shutting down';
    return undefined;
  }
}

/** What keeps `initialize` params from being served: they must say what the client can do. */
function initializeParamsProblem(params: unknown): string | undefined {
  if (!isObject(params)) return 'initialize needs its params, an object';
  const { capabilities, processId } = params as Record<string, unknown>;
  if (!isObject(capabilities)) return 'initialize needs `capabilities`, an object';
  if (processId !== undefined && processId !== null && typeof processId !== 'number') {
    return 'initialize needs `processId` to be a number or null';
  }
  return undefined;
}
