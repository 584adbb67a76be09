/**
 * `$default`: every frame no other route takes (no `action`, an unknown one, or not JSON at all). Answers
 * `ping` with `pong` (a cheap keep-alive against the 10-minute idle timeout) and anything else with an error
 * frame that shows an example of every action. No AWS SDK here, so its cold start stays small.
 */
import { parseFrame, unknownAction } from "./frames";
import { reply, websocketHandler } from "./handler";

export const handler = websocketHandler(
  async (event) => {
    const frame = parseFrame(event.body, event.isBase64Encoded);
    if (frame.action === "ping") return reply({ type: "pong" });
    throw unknownAction(frame);
  },
  { listActionsOnError: true },
);
