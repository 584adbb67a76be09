import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { arn, type Partition } from "../config/partition";

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Partition of the account (the key policy names the account's root by ARN). */
  readonly partition: Partition;
  /** @default - no subscription */
  readonly email?: string;
}

/**
 * An SNS topic for alarms, encrypted with its own KMS key. The AWS-managed `alias/aws/sns` key cannot be used:
 * its policy does not let CloudWatch encrypt the alarm messages it publishes, so alarms would fail silently.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, "Account");
    this.key = new KmsKey(this, "Key", {
      description: `Encrypts the ${props.topicName} SNS topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 7,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: arn(props.partition, "iam", "", account.accountId, "root") },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchPublishesAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": account.accountId } },
          },
        ],
      }),
    });
    this.topic = new SnsTopic(this, "Resource", { name: props.topicName, kmsMasterKeyId: this.key.arn });
    this.arn = this.topic.arn;
    if (props.email) {
      new SnsTopicSubscription(this, "Email", {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: props.email,
      });
    }
  }
}
