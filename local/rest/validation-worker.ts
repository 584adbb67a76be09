/** The thread that checks large REST bodies (validation-thread.ts): the API's models, one body at a time. */
import { parentPort, workerData } from "node:worker_threads";
import { checkBody, type Invalid, ModelValidators } from "./model-validators";

export interface ValidationWorkerData {
  /** The API's models as `[name, schema]` pairs. */
  readonly models: readonly (readonly [string, unknown])[];
  readonly apiId: string;
}

export interface ValidationRequest {
  readonly id: number;
  readonly modelName: string;
  readonly body: Uint8Array;
}

export interface ValidationReply {
  readonly id: number;
  readonly error: Invalid | undefined;
}

const port = parentPort;
if (port) {
  const data = workerData as ValidationWorkerData;
  const validators = new ModelValidators(new Map(data.models), data.apiId);
  port.on("message", (request: ValidationRequest) => {
    const validate = validators.validator(request.modelName);
    const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    const reply: ValidationReply = {
      id: request.id,
      error: validate ? checkBody(validate, body) : undefined,
    };
    port.postMessage(reply);
  });
}
