/** What the WebSocket phases share: the API's parts, the handshake's and the message's contexts. */
import type { ApiRuntime } from "../context";
import type { ConnectionContext } from "../events/websocket";
import type { LambdaAuthorizerRunner } from "../lambda-authorizer";
import type { PhaseContext, RequestContext } from "../pipeline/context";
import type { RouteThrottles } from "../pipeline/phases/throttle";
import type { Connection, ConnectionRegistry } from "./connections";
import type { WebSocketModel, WsRoute, WsStage } from "./model";

/** The parts of a WebSocket API the phases use (`WebSocketApi` provides them; tests may provide their own). */
export interface WsParts {
  readonly runtime: ApiRuntime;
  readonly model: WebSocketModel;
  readonly connections: ConnectionRegistry;
  /** The `$connect` authorizer's runner, by authorizer id. */
  readonly runners: ReadonlyMap<string, LambdaAuthorizerRunner>;
  readonly throttles: RouteThrottles;
}

/** A handshake: `$connect` decides whether it becomes a connection. */
export interface ConnectContext extends RequestContext {
  readonly api: WsParts;
  stage: WsStage | undefined;
  /** The facts every event of the connection will carry (the authorizer's context once it ran). */
  connection: ConnectionContext | undefined;
  readonly connectRoute: WsRoute | undefined;
  /** The handshake's headers as `$connect` and its authorizer see them (worked out once). */
  forwarded: string[] | undefined;
}

/** A text message on an open connection. */
export interface MessageContext extends PhaseContext {
  readonly api: WsParts;
  readonly connection: Connection;
  readonly text: string;
  /** The selected route. */
  wsRoute: WsRoute | undefined;
  /** The frame sent back (a route response), if any. */
  frame: string | undefined;
}
