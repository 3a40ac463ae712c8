package runtime

import (
	"context"
	"errors"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Check statuses.
const (
	Pass = "PASS"
	Warn = "WARN"
	Fail = "FAIL"
)

// Check is one preflight result.
type Check struct {
	Name   string
	Status string
	Detail string
	Fix    string // what to do, for WARN and FAIL
}

// STSAPI is the part of the STS client doctor uses.
type STSAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, opts ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// ZscalerSettings are the OneAPI credentials doctor tries.
type ZscalerSettings struct {
	ClientID, ClientSecret, PrivateKey string
	VanityDomain, Cloud                string
	TokenURL, BaseURL                  string
	// SecretName: the credentials live in this Secrets Manager secret
	// (UseExisting) and are not checked locally.
	SecretName string
}

// DoctorOptions configure the checks.
type DoctorOptions struct {
	// AWS is the SDK configuration; nil: the default chain with Region and
	// Profile. STS, when set, replaces the STS client built from it.
	AWS     *aws.Config
	Region  string
	Profile string
	STS     STSAPI
	// IAM, when set, replaces the IAM client built from AWS.
	IAM IAMAPI
	// TemplateBucket is deploy's --template-bucket; set, the permissions
	// check includes s3:PutObject.
	TemplateBucket string

	Zscaler ZscalerSettings
	// Inputs are the deployment settings (auth mode, JWT authorizer).
	Inputs template.Inputs
	// Gateways, when set, replaces the AgentCore control client that reads
	// the Gateway an attach-mode deployment attaches to.
	Gateways GatewayAPI
	// ExtraHeaders are further allowlist entries the deployment would add.
	ExtraHeaders []string
	// JWT is a sample access token to check against the authorizer.
	JWT string

	HTTPClient *http.Client
	Now        func() time.Time
}

// Doctor runs every preflight check and returns the results in order.
func Doctor(ctx context.Context, o DoctorOptions) []Check {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	r, _ := o.Inputs.Resolved()
	var out []Check
	awsChecks, cfg, caller := checkAWS(ctx, &o)
	out = append(out, awsChecks...)
	out = append(out, checkZscaler(ctx, o))
	if r.CredentialSource == template.CreateNew {
		out = append(out, checkCustomerIDs(r))
	}
	out = append(out, checkAllowlist(r, o.ExtraHeaders))
	switch {
	case r.Gateway.Enabled():
		var attached *template.JWT
		if r.Gateway.Mode == template.GatewayAttach && r.Gateway.ExistingID != "" {
			var c Check
			if c, attached = readExistingGateway(ctx, &o, cfg, caller, r.Gateway.ExistingID); c.Name != "" {
				out = append(out, c)
			}
		}
		out = append(out, CheckGateway(ctx, r, attached, o.JWT, o.HTTPClient, o.Now())...)
	case o.JWT != "" || r.AuthMode == template.AuthJWT:
		out = append(out, CheckJWT(ctx, r, o.JWT, o.HTTPClient, o.Now()))
	}
	actions := DeployActions(r, o.TemplateBucket)
	if caller == "" {
		out = append(out, Check{Name: permissionsCheck, Status: Warn,
			Detail: "not checked: no AWS identity (see the AWS identity check)",
			Fix:    "fix the AWS identity; the deploying identity needs " + strings.Join(actions, ", ")})
		return out
	}
	api := o.IAM
	if api == nil {
		api = iam.NewFromConfig(cfg)
	}
	out = append(out, checkPermissions(ctx, api, caller, actions))
	return out
}

// Failed reports whether any check failed.
func Failed(checks []Check) bool {
	for _, c := range checks {
		if c.Status == Fail {
			return true
		}
	}
	return false
}

// PrintChecks writes one line per check, with its fix indented below.
func PrintChecks(w io.Writer, checks []Check) {
	for _, c := range checks {
		fmt.Fprintf(w, "%-4s  %-24s %s\n", c.Status, c.Name, c.Detail)
		if c.Fix != "" && c.Status != Pass {
			fmt.Fprintf(w, "      %-24s fix: %s\n", "", c.Fix)
		}
	}
}

// checkAWS returns the region and identity checks, the configuration, and
// the caller's ARN ("" when the identity is unknown).
func checkAWS(ctx context.Context, o *DoctorOptions) ([]Check, aws.Config, string) {
	region := Check{Name: "AWS region"}
	var cfg aws.Config
	if o.AWS != nil {
		cfg = o.AWS.Copy()
		if o.Region != "" {
			cfg.Region = o.Region
		}
	} else {
		var err error
		cfg, err = LoadAWS(ctx, o.Region, o.Profile)
		if err != nil {
			region.Status, region.Detail, region.Fix = Fail, err.Error(), "fix the shared configuration or unset AWS_PROFILE"
			return []Check{region, {Name: "AWS identity", Status: Fail, Detail: "not checked: no AWS configuration", Fix: "see the AWS region check"}}, cfg, ""
		}
	}
	if cfg.Region == "" {
		region.Status, region.Detail = Fail, "no region configured"
		region.Fix = "set AWS_REGION (or --region); AgentCore pulls the image from ECR in the runtime's own region"
	} else {
		region.Status, region.Detail = Pass, cfg.Region
		if img, ok := template.ParseImageURI(o.Inputs.ImageURI); ok && img.Region != cfg.Region {
			region.Status = Fail
			region.Detail = fmt.Sprintf("%s, but the image %s is in ECR in %s", cfg.Region, o.Inputs.ImageURI, img.Region)
			region.Fix = fmt.Sprintf("push the image to %s (zscaler-mcp agentcore image push --region %s) or deploy in %s", cfg.Region, cfg.Region, img.Region)
		}
	}
	id := Check{Name: "AWS identity"}
	api := o.STS
	if api == nil {
		if cfg.Region == "" {
			id.Status, id.Detail, id.Fix = Fail, "not checked: no region", "set AWS_REGION"
			return []Check{region, id}, cfg, ""
		}
		api = sts.NewFromConfig(cfg)
	}
	res, err := api.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		id.Status = Fail
		id.Detail = "sts:GetCallerIdentity failed: " + err.Error()
		id.Fix = "configure AWS credentials (aws configure, aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
		var ae smithy.APIError
		if errors.As(err, &ae) {
			switch ae.ErrorCode() {
			case "ExpiredToken", "ExpiredTokenException":
				id.Fix = "the session has expired: aws sso login, or fresh temporary credentials"
			case "InvalidClientTokenId", "SignatureDoesNotMatch":
				id.Fix = "the access key is unknown or the secret is wrong: check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the profile"
			}
		}
		return []Check{region, id}, cfg, ""
	}
	id.Status = Pass
	id.Detail = fmt.Sprintf("account %s, %s", aws.ToString(res.Account), aws.ToString(res.Arn))
	if acct := strings.TrimSpace(o.Inputs.Account); acct != "" && acct != aws.ToString(res.Account) {
		id.Status = Fail
		id.Detail += fmt.Sprintf(" (but AWS_ACCOUNT_ID is %s)", acct)
		id.Fix = "use credentials of account " + acct + ", or correct AWS_ACCOUNT_ID"
	}
	if img, ok := template.ParseImageURI(o.Inputs.ImageURI); ok && img.Account != "" && img.Account != aws.ToString(res.Account) && id.Status == Pass {
		id.Status = Warn
		id.Detail += fmt.Sprintf("; the image is in account %s", img.Account)
		id.Fix = "the execution role must be allowed to pull from that account's repository (a repository policy), or push the image to this account"
	}
	return []Check{region, id}, cfg, aws.ToString(res.Arn)
}

func checkZscaler(ctx context.Context, o DoctorOptions) Check {
	c := Check{Name: "Zscaler credentials"}
	z := o.Zscaler
	if z.ClientID == "" && z.ClientSecret == "" && z.PrivateKey == "" {
		if z.SecretName != "" {
			c.Status, c.Detail = Warn, "the credentials come from the secret "+z.SecretName+" and are not checked here"
			c.Fix = "to check them, run doctor with ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET and ZSCALER_VANITY_DOMAIN set to the secret's values"
			return c
		}
		c.Status, c.Detail = Fail, "no OneAPI credentials configured"
		c.Fix = "set ZSCALER_CLIENT_ID, ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY) and ZSCALER_VANITY_DOMAIN, or ZSCALER_SECRET_NAME for an existing secret"
		return c
	}
	var missing []string
	if z.ClientID == "" {
		missing = append(missing, "ZSCALER_CLIENT_ID")
	}
	if z.ClientSecret == "" && z.PrivateKey == "" {
		missing = append(missing, "ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY)")
	}
	if z.VanityDomain == "" && z.TokenURL == "" {
		missing = append(missing, "ZSCALER_VANITY_DOMAIN")
	}
	if len(missing) > 0 {
		c.Status, c.Detail = Fail, "missing "+strings.Join(missing, ", ")
		c.Fix = "set " + strings.Join(missing, ", ")
		return c
	}
	client, err := zscaler.New(zscaler.Options{
		Cloud: z.Cloud, VanityDomain: z.VanityDomain, TokenURL: z.TokenURL, BaseURL: z.BaseURL,
		Credentials: zscaler.Credentials{ClientID: z.ClientID, ClientSecret: z.ClientSecret, PrivateKey: z.PrivateKey},
		HTTPClient:  o.HTTPClient, UserAgent: "zscaler-mcp-doctor", MaxRetries: 1, MaxRetryWait: 5 * time.Second,
	})
	if err != nil {
		c.Status, c.Detail, c.Fix = Fail, err.Error(), "correct the settings named above"
		return c
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	endpoint := z.TokenURL
	if endpoint == "" {
		endpoint = zscaler.TokenEndpoint(z.Cloud, z.VanityDomain)
	}
	if _, err := client.Token(tctx); err != nil {
		c.Status = Fail
		c.Detail = fmt.Sprintf("token request to %s failed: %v", endpoint, err)
		var te *zscaler.TokenError
		switch {
		case errors.As(err, &te):
			c.Fix = "check ZSCALER_CLIENT_ID and ZSCALER_CLIENT_SECRET in ZIdentity (API Clients), and that ZSCALER_VANITY_DOMAIN/ZSCALER_CLOUD name your tenant"
		default:
			c.Fix = "check ZSCALER_VANITY_DOMAIN and ZSCALER_CLOUD (the token URL is derived from them) and the network path to ZIdentity"
		}
		return c
	}
	c.Status, c.Detail = Pass, "OneAPI token issued by "+endpoint
	return c
}

// checkCustomerIDs: some services name the tenant in their paths by a
// customer id the credentials do not carry (ZPA and ZMS by
// ZSCALER_CUSTOMER_ID, ZCell by its own ZCELL_CUSTOMER_ID). With CreateNew
// the secret the stack creates holds what is set now, so a tool of an
// exposed service whose id is missing would answer only that it is missing.
func checkCustomerIDs(r template.Inputs) Check {
	c := Check{Name: "customer ids"}
	exposed := map[zscaler.Service]bool{}
	for _, t := range r.Tools() {
		exposed[t.Service] = true
	}
	var missing, services []string
	if (exposed[zscaler.ZPA] || exposed[zscaler.ZMS]) && r.CustomerID == "" {
		missing = append(missing, "ZSCALER_CUSTOMER_ID (--customer-id: the ZPA and ZMS tools)")
		services = append(services, "zpa", "zms")
	}
	if exposed[zscaler.ZCELL] && r.ZCellCustomerID == "" {
		missing = append(missing, "ZCELL_CUSTOMER_ID (--zcell-customer-id: the ZCell tools)")
		services = append(services, "zcell")
	}
	if len(missing) == 0 {
		c.Status, c.Detail = Pass, "every exposed service that needs a customer id has it"
		return c
	}
	c.Status = Warn
	c.Detail = "not set, so these tools would answer only that it is missing: " + strings.Join(missing, "; ")
	c.Fix = "set it, or hide those services (ZSCALER_MCP_DISABLED_SERVICES=" + strings.Join(services, ",") + ")"
	return c
}

func checkAllowlist(r template.Inputs, extra []string) Check {
	c := Check{Name: "header allowlist"}
	list, err := template.HeaderAllowlist(r.AuthMode)
	if err == nil && len(extra) > 0 {
		list = append(list, extra...)
		err = template.CheckHeaderAllowlist(list, r.AuthMode == template.AuthJWT)
	}
	if err != nil {
		c.Status, c.Detail = Fail, err.Error()
		c.Fix = fmt.Sprintf("use one of the auth modes %s; keep at most %d headers, none starting with x-amz-/x-amzn-, and Authorization only in jwt mode", strings.Join(template.AuthModes, ", "), template.MaxAllowlist)
		return c
	}
	c.Status = Pass
	c.Detail = fmt.Sprintf("auth mode %s: %s (%d of %d)", r.AuthMode, strings.Join(list, ", "), len(list), template.MaxAllowlist)
	return c
}

// readExistingGateway reads the attached Gateway's authorizer with the
// identity the AWS checks found; without one there is nothing to read with.
func readExistingGateway(ctx context.Context, o *DoctorOptions, cfg aws.Config, caller, id string) (Check, *template.JWT) {
	api := o.Gateways
	if api == nil {
		if caller == "" {
			return Check{Name: "Existing Gateway " + id, Status: Warn, Detail: "not read: no AWS identity (see the AWS identity check)"}, nil
		}
		api = bedrockagentcorecontrol.NewFromConfig(cfg)
	}
	return existingGateway(ctx, api, id)
}
