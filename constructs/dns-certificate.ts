import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

export interface DnsCertificateProps {
  /** The one name on the certificate, e.g. `api.example.com`. */
  readonly domainName: string;
  /** Route53 hosted zone that holds the validation record. */
  readonly hostedZoneId: string;
  /**
   * Region of the certificate when it differs from the stack's (edge domains and CloudFront need us-east-1).
   * @default - the provider's region
   */
  readonly region?: string;
}

/**
 * An ACM certificate validated by DNS: the certificate, its CNAME validation record in Route53 and the
 * validation resource that waits until ACM issues it. Use `certificateArn` (the validation's), so whatever
 * uses the certificate waits for issuance.
 */
export class DnsCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;
  readonly validationRecord: Route53Record;
  /** ARN of the issued certificate. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, "Resource", {
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      region: props.region,
      lifecycle: { createBeforeDestroy: true },
    });
    const option = this.certificate.domainValidationOptions.get(0);
    this.validationRecord = new Route53Record(this, "ValidationRecord", {
      zoneId: props.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, "Validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [this.validationRecord.fqdn],
      region: props.region,
    });
    this.certificateArn = this.validation.certificateArn;
  }
}
