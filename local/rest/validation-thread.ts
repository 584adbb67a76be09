/**
 * Validating large REST bodies away from the gateway's thread: parsing a 10 MB JSON body takes a quarter of a
 * second, during which no other request would be answered. One worker per REST API, started by the first body
 * over `INLINE_BODY_BYTES` (most APIs never start it), checks bodies one at a time against the API's models.
 */
import { Worker } from "node:worker_threads";
import { workerScript } from "../functions/worker-file";
import type { Invalid } from "./model-validators";
import type { ValidationReply, ValidationRequest, ValidationWorkerData } from "./validation-worker";

/** The worker's heap: a 10 MB body of small numbers parses into about 100 MB of objects. */
const HEAP_MB = 512;

export class BodyValidationThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, (error: Invalid | undefined) => void>();
  private nextId = 1;

  constructor(private readonly data: ValidationWorkerData) {}

  /** The first broken rule of `body` against the model `modelName`, or undefined when it matches. */
  validate(modelName: string, body: Buffer): Promise<Invalid | undefined> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      const request: ValidationRequest = { id, modelName, body };
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = new Worker(workerScript(__dirname, "validation-worker"), {
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    worker.unref();
    worker.on("message", (reply: ValidationReply) => {
      this.pending.get(reply.id)?.(reply.error);
      this.pending.delete(reply.id);
    });
    const failed = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      // A body the worker could not check (its heap ran out) is refused, like any body that is not valid.
      for (const resolve of this.pending.values())
        resolve({
          type: "BAD_REQUEST_BODY",
          validationError: `[the body could not be validated: ${reason}]`,
        });
      this.pending.clear();
    };
    worker.on("error", (error) => failed(error.message));
    worker.on("exit", (code) => failed(`the validation thread exited with ${code}`));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
    await worker?.terminate();
  }
}
