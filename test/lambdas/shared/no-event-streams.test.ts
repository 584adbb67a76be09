/** The bundles' stand-in for the SDK's event streams: a clear error, should an operation ever need them. */
import { EventStreamSerde, eventStreamSerdeProvider } from "../../../lambdas/shared/no-event-streams";

test("any use of event streams fails and names the stand-in", () => {
  expect(() => EventStreamSerde()).toThrow(/event streams are not bundled.*no-event-streams\.ts/);
  expect(() => eventStreamSerdeProvider()).toThrow(/event streams are not bundled/);
});
