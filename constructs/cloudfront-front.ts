import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { DataAwsCloudfrontCachePolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy";
import { DataAwsCloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import { DnsCertificate } from "./dns-certificate";

export interface CloudFrontFrontProps {
  /** Physical name prefix of the response headers policy. */
  readonly policyName: string;
  /** Viewer-facing domain; its certificate goes to us-east-1. */
  readonly domainName: string;
  readonly hostedZoneId: string;
  /** Host of the regional API (`<api id>.execute-api.<region>.amazonaws.com`). */
  readonly originDomainName: string;
  /** Stage path prepended to every request (`/dev`). */
  readonly originPath: string;
  /** ARN of a CLOUDFRONT-scope WAFv2 web ACL (us-east-1). */
  readonly webAclArn: string;
  /**
   * Path patterns of public GET routes whose answers may be cached when the origin says so (Cache-Control);
   * everything else is never cached.
   * @default - nothing cached
   */
  readonly cacheablePaths?: readonly string[];
  /** @default "PriceClass_100" (North America and Europe edges: the cheapest) */
  readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
}

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/**
 * A customer-managed CloudFront distribution in front of a regional REST API: HTTPS only for viewers (TLS 1.2
 * minimum, SNI, an ACM certificate in us-east-1) and to the origin (TLS 1.2); the managed
 * AllViewerExceptHostHeader origin request policy (API Gateway rejects a foreign Host); caching disabled except
 * on the listed public paths; HSTS and other security headers on every answer; a CLOUDFRONT web ACL; A/AAAA
 * aliases for the domain.
 */
export class CloudFrontFront extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly certificate: DnsCertificate;
  readonly url: string;

  constructor(scope: Construct, id: string, props: CloudFrontFrontProps) {
    super(scope, id);
    if (!props.originPath.startsWith("/") || props.originPath.endsWith("/")) {
      throw new Error(
        `originPath "${props.originPath}" is invalid: use "/<stage>" (leading slash, no trailing one)`,
      );
    }
    for (const pattern of props.cacheablePaths ?? []) {
      // CloudFront path patterns: at most 255 of A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & (CloudFront
      // Developer Guide, "Path pattern").
      if (!/^[A-Za-z0-9_\-.*$/~"'@:+&]{1,255}$/.test(pattern)) {
        throw new Error(
          `cacheablePaths entry "${pattern}" is not a CloudFront path pattern: use up to 255 of A-Z a-z 0-9 _ - . * $ / ~ " ' @ : + & (write a path parameter as *)`,
        );
      }
    }
    this.certificate = new DnsCertificate(this, "Certificate", {
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
      region: "us-east-1",
    });
    const noCache = new DataAwsCloudfrontCachePolicy(this, "CachingDisabled", {
      name: "Managed-CachingDisabled",
    });
    const originCache = new DataAwsCloudfrontCachePolicy(this, "UseOriginCacheControl", {
      name: "Managed-UseOriginCacheControlHeaders-QueryStrings",
    });
    const exceptHost = new DataAwsCloudfrontOriginRequestPolicy(this, "AllViewerExceptHostHeader", {
      name: "Managed-AllViewerExceptHostHeader",
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, "SecurityHeaders", {
      name: `${props.policyName}-security-headers`,
      comment: "HSTS and security headers for the API",
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63_072_000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "no-referrer", override: true },
      },
    });

    const originId = "rest-api";
    const behavior = {
      targetOriginId: originId,
      viewerProtocolPolicy: "https-only",
      compress: true,
      originRequestPolicyId: exceptHost.id,
      responseHeadersPolicyId: headers.id,
    };
    // The domain and origin are in the distribution's own fields; the comment (at most 128 characters,
    // CloudFront's DistributionConfig.Comment) only names what the distribution fronts.
    const comment = `${props.policyName} REST API`;
    if (comment.length > 128) {
      throw new Error(
        `policyName "${props.policyName}" is too long: the comment "${comment}" must fit 128 characters`,
      );
    }
    this.distribution = new CloudfrontDistribution(this, "Resource", {
      enabled: true,
      comment,
      aliases: [props.domainName],
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: props.priceClass ?? "PriceClass_100",
      webAclId: props.webAclArn,
      origin: [
        {
          originId,
          domainName: props.originDomainName,
          originPath: props.originPath,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        ...behavior,
        allowedMethods: ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: noCache.id,
      },
      orderedCacheBehavior: (props.cacheablePaths ?? []).map((pathPattern) => ({
        ...behavior,
        pathPattern,
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: originCache.id,
      })),
      viewerCertificate: {
        acmCertificateArn: this.certificate.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
    });
    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `Alias${type}`, {
        zoneId: props.hostedZoneId,
        name: props.domainName,
        type,
        alias: {
          name: this.distribution.domainName,
          zoneId: this.distribution.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
    this.url = `https://${props.domainName}`;
  }
}
