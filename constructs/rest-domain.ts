import { ApiGatewayBasePathMapping } from "@cdktf/provider-aws/lib/api-gateway-base-path-mapping";
import { ApiGatewayDomainName } from "@cdktf/provider-aws/lib/api-gateway-domain-name";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import { DnsCertificate } from "./dns-certificate";

export interface RestDomainProps {
  /** EDGE (API Gateway's CloudFront; certificate in us-east-1) or REGIONAL (certificate in the API's region). */
  readonly endpointType: "EDGE" | "REGIONAL";
  readonly domainName: string;
  /** Route53 zone of the domain: validation record and alias records. */
  readonly hostedZoneId: string;
  readonly restApiId: string;
  /** Stage name, from the stage resource (so the mapping waits for the stage). */
  readonly stageName: string;
  /**
   * Path under the domain the stage is mapped to.
   * @default - the root (`https://<domain>/items`)
   */
  readonly basePath?: string;
}

/** ACM region of an edge-optimized domain's certificate: CloudFront only reads certificates there. */
export const EDGE_CERTIFICATE_REGION = "us-east-1";

/**
 * A custom domain for a REST stage: a DNS-validated ACM certificate (us-east-1 for EDGE, the API's region for
 * REGIONAL), the API Gateway domain name with the TLS 1.2 security policy, a base path mapping to the stage,
 * and Route53 alias records (A and AAAA for EDGE: CloudFront serves IPv6; A for REGIONAL).
 */
export class RestDomain extends Construct {
  readonly domain: ApiGatewayDomainName;
  readonly certificate: DnsCertificate;
  readonly mapping: ApiGatewayBasePathMapping;
  readonly url: string;

  constructor(scope: Construct, id: string, props: RestDomainProps) {
    super(scope, id);
    if (!props.domainName || !props.hostedZoneId) {
      throw new Error(
        `custom domain "${props.domainName}" needs a hosted zone id: give the Route53 zone that holds the domain`,
      );
    }
    if (props.basePath !== undefined && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(props.basePath)) {
      throw new Error(
        `basePath "${props.basePath}" is invalid: use path segments without leading or trailing "/"`,
      );
    }
    const edge = props.endpointType === "EDGE";
    this.certificate = new DnsCertificate(this, "Certificate", {
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
      region: edge ? EDGE_CERTIFICATE_REGION : undefined,
    });
    this.domain = new ApiGatewayDomainName(this, "Resource", {
      domainName: props.domainName,
      endpointConfiguration: { types: [props.endpointType] },
      securityPolicy: "TLS_1_2",
      certificateArn: edge ? this.certificate.certificateArn : undefined,
      regionalCertificateArn: edge ? undefined : this.certificate.certificateArn,
    });
    this.mapping = new ApiGatewayBasePathMapping(this, "Mapping", {
      apiId: props.restApiId,
      stageName: props.stageName,
      domainName: this.domain.domainName,
      basePath: props.basePath,
    });
    const alias = {
      name: edge ? this.domain.cloudfrontDomainName : this.domain.regionalDomainName,
      zoneId: edge ? this.domain.cloudfrontZoneId : this.domain.regionalZoneId,
      evaluateTargetHealth: false,
    };
    for (const type of edge ? ["A", "AAAA"] : ["A"]) {
      new Route53Record(this, `Alias${type}`, {
        zoneId: props.hostedZoneId,
        name: this.domain.domainName,
        type,
        alias,
      });
    }
    this.url = `https://${props.domainName}${props.basePath ? `/${props.basePath}` : ""}`;
  }
}
