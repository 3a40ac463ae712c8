// Package runtime talks to a deployed Amazon Bedrock AgentCore runtime:
// it invokes the MCP server inside it (SigV4 through the SDK's
// InvokeAgentRuntime, or a bearer token over HTTPS for runtimes with a JWT
// authorizer), tails its CloudWatch log group, and runs the preflight
// checks of `zscaler-mcp agentcore doctor`.
package runtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
)

// Defaults of an invocation.
const (
	DefaultQualifier = "DEFAULT"
	// DefaultProtocolVersion is the MCP revision requests are sent with:
	// stateless by the spec, so no initialize handshake (whose session
	// AgentCore would replace) is needed.
	DefaultProtocolVersion = "2026-07-28"
	// MinSessionIDLen and MaxSessionIDLen bound AgentCore's runtime
	// session id (X-Amzn-Bedrock-AgentCore-Runtime-Session-Id).
	MinSessionIDLen = 33
	MaxSessionIDLen = 256

	acceptBoth        = "application/json, text/event-stream"
	sessionHeader     = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"
	endpointEnv       = "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE"
	globalEndpointEnv = "AWS_ENDPOINT_URL"
)

// Target is the runtime to talk to and how.
type Target struct {
	// ARN is the runtime's ARN
	// (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID).
	ARN string
	// Region defaults to the ARN's region.
	Region string
	// Qualifier is the endpoint name (default DEFAULT).
	Qualifier string
	// SessionID is the runtime session id (33 to 256 characters); empty:
	// one is generated and kept for the Client's lifetime.
	SessionID string
	// BearerToken switches to a plain HTTPS POST with
	// "Authorization: Bearer <token>" (runtimes with a customJWTAuthorizer
	// reject SigV4).
	BearerToken string
	// Headers are extra request headers (-H); see ParseHeader.
	Headers http.Header
	// ProtocolVersion is the MCP revision (default DefaultProtocolVersion).
	ProtocolVersion string
	// Endpoint overrides the data-plane base URL in bearer mode (default:
	// AWS_ENDPOINT_URL_BEDROCK_AGENTCORE, else
	// https://bedrock-agentcore.<region>.amazonaws.com).
	Endpoint string
	// HTTPClient is used for bearer requests and by the SDK (nil: defaults).
	HTTPClient *http.Client
	// AWS is the SDK configuration for SigV4 mode; nil: the default chain
	// (environment, shared config, SSO, IMDS) with Region.
	AWS *aws.Config
	// Profile selects a shared-config profile when AWS is nil.
	Profile string
}

// ARNParts are the fields of a runtime ARN.
type ARNParts struct {
	Partition, Region, Account, RuntimeID string
}

// ParseARN splits a runtime ARN.
func ParseARN(arn string) (ARNParts, error) {
	p := strings.SplitN(strings.TrimSpace(arn), ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[2] != "bedrock-agentcore" || !strings.HasPrefix(p[5], "runtime/") || p[3] == "" || p[4] == "" {
		return ARNParts{}, fmt.Errorf("%q is not an AgentCore runtime ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID); it is the AgentRuntimeArn output of the stack (zscaler-mcp agentcore status)", arn)
	}
	id := strings.TrimPrefix(p[5], "runtime/")
	if id == "" || strings.Contains(id, "/") {
		return ARNParts{}, fmt.Errorf("%q: the runtime id after runtime/ is missing or malformed", arn)
	}
	return ARNParts{Partition: p[1], Region: p[3], Account: p[4], RuntimeID: id}, nil
}

// NewSessionID returns a random runtime session id of 45 characters.
func NewSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "zscaler-mcp-invoke-" + hex.EncodeToString(b)[:26]
}

// ParseHeader parses one -H "Name: value" argument. Headers AgentCore
// reserves (x-amz-*, x-amzn-*) and the ones this client sets itself are
// refused, each with what to use instead.
func ParseHeader(s string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", "", fmt.Errorf("header %q: use -H \"Name: value\"", s)
	}
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "x-amz-") || strings.HasPrefix(l, "x-amzn-"):
		if l == strings.ToLower(sessionHeader) {
			return "", "", fmt.Errorf("header %s: pass the runtime session id with --session-id", name)
		}
		return "", "", fmt.Errorf("header %s: x-amz-/x-amzn- headers are reserved by AWS (the request is SigV4-signed with them) and AgentCore never forwards them to the container", name)
	case l == "host" || l == "content-length" || l == "content-type" || l == "accept":
		return "", "", fmt.Errorf("header %s is set by this client (Content-Type application/json, Accept %q)", name, acceptBoth)
	case l == "mcp-protocol-version":
		return "", "", fmt.Errorf("header %s: use --protocol-version", name)
	case l == "mcp-method" || l == "mcp-name":
		return "", "", fmt.Errorf("header %s is derived from the JSON-RPC payload", name)
	}
	return http.CanonicalHeaderKey(name), value, nil
}

// check validates the target and fills in defaults.
func (t *Target) check() error {
	parts, err := ParseARN(t.ARN)
	if err != nil {
		return err
	}
	if t.Region == "" {
		t.Region = parts.Region
	} else if t.Region != parts.Region {
		return fmt.Errorf("the runtime ARN is in %s but the region is %s: AgentCore answers for a runtime only in its own region; drop --region or use the ARN of the runtime in %s", parts.Region, t.Region, t.Region)
	}
	if t.Qualifier == "" {
		t.Qualifier = DefaultQualifier
	}
	if t.ProtocolVersion == "" {
		t.ProtocolVersion = DefaultProtocolVersion
	}
	if t.SessionID == "" {
		t.SessionID = NewSessionID()
	} else if n := len(t.SessionID); n < MinSessionIDLen || n > MaxSessionIDLen {
		return fmt.Errorf("the runtime session id %q has %d characters; AgentCore requires %d to %d (omit --session-id to get a generated one)", t.SessionID, n, MinSessionIDLen, MaxSessionIDLen)
	}
	h := http.Header{}
	for name, vals := range t.Headers {
		for _, v := range vals {
			n, val, err := ParseHeader(name + ": " + v)
			if err != nil {
				return err
			}
			if strings.EqualFold(n, "Authorization") {
				// -H "Authorization: Bearer X", as in the guide, means bearer mode.
				tok, ok := strings.CutPrefix(val, "Bearer ")
				if !ok || strings.TrimSpace(tok) == "" {
					return fmt.Errorf("header Authorization: only \"Bearer <token>\" is supported (SigV4 requests are signed by the SDK)")
				}
				if t.BearerToken != "" && t.BearerToken != strings.TrimSpace(tok) {
					return fmt.Errorf("two different bearer tokens: --bearer-token and -H Authorization")
				}
				t.BearerToken = strings.TrimSpace(tok)
				continue
			}
			h.Add(n, val)
		}
	}
	t.Headers = h
	if t.BearerToken != "" {
		t.BearerToken = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t.BearerToken), "Bearer "))
	}
	return nil
}

// endpoint is the data-plane base URL for bearer requests.
func (t *Target) endpoint() (string, error) {
	e := t.Endpoint
	if e == "" {
		e = os.Getenv(endpointEnv)
	}
	if e == "" {
		e = os.Getenv(globalEndpointEnv)
	}
	if e == "" {
		suffix := "amazonaws.com"
		if strings.HasPrefix(t.Region, "cn-") {
			suffix = "amazonaws.com.cn"
		}
		e = "https://bedrock-agentcore." + t.Region + "." + suffix
	}
	u, err := url.Parse(e)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("data-plane endpoint %q is not a URL", e)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("data-plane endpoint %q: a bearer token is sent over HTTPS only", e)
	}
	return strings.TrimRight(e, "/"), nil
}

// InvokeURL is the runtime's HTTPS invocation URL: the ARN percent-encoded
// as one path segment (":" and "/" included), as AgentCore expects.
func InvokeURL(base, arn, qualifier string) string {
	if qualifier == "" {
		qualifier = DefaultQualifier
	}
	return strings.TrimRight(base, "/") + "/runtimes/" + url.QueryEscape(arn) + "/invocations?qualifier=" + url.QueryEscape(qualifier)
}

// LoadAWS loads the SDK configuration from the default chain.
func LoadAWS(ctx context.Context, region, profile string) (aws.Config, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if region != "" {
		opts = append(opts, awsconfig.WithRegion(region))
	}
	if profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(profile))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %w (check AWS_PROFILE and ~/.aws/config)", err)
	}
	return cfg, nil
}
