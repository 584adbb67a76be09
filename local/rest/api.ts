import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiDescription, ApiRuntime, ServedApi } from "../context";
import type { ResourceRef } from "../terraform/references";

export class RestApi implements ServedApi {
  constructor(
    private readonly runtime: ApiRuntime,
    private readonly api: ResourceRef,
  ) {}
  describe(): ApiDescription {
    return {
      id: this.runtime.stack.id,
      variant: "rest",
      endpointType: "REGIONAL",
      apiId: "",
      name: this.api.name,
      stage: "",
      stages: [],
      url: this.runtime.origin,
      routes: [],
      apiKeys: [],
      functions: [],
      warnings: ["not implemented"],
    };
  }
  handle(_req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(500).end();
  }
  reset(): void {}
  async close(): Promise<void> {}
}
