import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";

export interface LogGroupProps {
  /** Physical log group name, e.g. `/aws/lambda/<function>`. */
  readonly name: string;
  /** Days to keep events (a CloudWatch-accepted value; settings validate it). */
  readonly retentionDays: number;
  /**
   * KMS key for the events.
   * @default - the CloudWatch Logs service key
   */
  readonly kmsKeyArn?: string;
}

/** A CloudWatch log group that always has a retention, so no log is kept (and billed) forever by accident. */
export class LogGroup extends Construct {
  readonly resource: CloudwatchLogGroup;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    this.resource = new CloudwatchLogGroup(this, "Resource", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.arn = this.resource.arn;
    this.name = this.resource.name;
  }
}
