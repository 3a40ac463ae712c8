package runtime

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// HealthProbeDoc documents the container's health probe.
const HealthProbeDoc = "docs/agentcore-health-probe.md"

// Error is a failed runtime call: which call, why, and what to do.
type Error struct {
	Call   string // e.g. "bedrock-agentcore:InvokeAgentRuntime (tools/list)"
	Status int    // HTTP status, 0 when none
	Code   int    // JSON-RPC error code, 0 when none
	Cause  string
	Fix    string
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Call)
	b.WriteString(": ")
	b.WriteString(e.Cause)
	if e.Fix != "" {
		b.WriteString("\n  fix: ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// httpFailure maps a non-2xx answer of the data plane.
func httpFailure(call, arn string, status int, header http.Header, code, message string, bearer bool, err error) *Error {
	e := &Error{Call: call, Status: status, Err: err}
	detail := strings.TrimSpace(strings.Join(nonEmpty(code, message), ": "))
	if detail == "" {
		detail = http.StatusText(status)
	}
	wwwAuth := header.Get("WWW-Authenticate")
	lower := strings.ToLower(message)
	switch {
	case status == http.StatusUnauthorized || strings.Contains(wwwAuth, "resource_metadata"):
		e.Cause = fmt.Sprintf("HTTP %d (%s): the runtime has a JWT authorizer and ", status, detail)
		if bearer {
			e.Cause += "rejected the bearer token"
			e.Fix = "run `zscaler-mcp agentcore doctor --jwt <token>` to see which claim (iss, aud, client, scope, exp) the authorizer refuses; get a fresh token from the IdP"
		} else {
			e.Cause += "the request carried no token"
			e.Fix = "a JWT is needed: pass --bearer-token <jwt> (or -H \"Authorization: Bearer <jwt>\"); SigV4 is not accepted by a JWT runtime"
		}
		if md := resourceMetadata(wwwAuth); md != "" {
			e.Cause += "; protected-resource metadata: " + md
		}
	case strings.Contains(lower, "authorization method mismatch"):
		e.Cause = fmt.Sprintf("HTTP %d (%s): the runtime's inbound auth is not the one this request used", status, detail)
		if bearer {
			e.Fix = "the runtime is IAM (SigV4) authorized: drop --bearer-token and use AWS credentials with bedrock-agentcore:InvokeAgentRuntime"
		} else {
			e.Fix = "the runtime has a JWT authorizer: pass --bearer-token <jwt> (the AWS SDK cannot call an OAuth runtime)"
		}
	case status == http.StatusForbidden && wwwAuth == "":
		e.Cause = fmt.Sprintf("HTTP 403 (%s): the SigV4 identity is not allowed to invoke the runtime", detail)
		e.Fix = fmt.Sprintf("grant the caller bedrock-agentcore:InvokeAgentRuntime on %s (and on %s/runtime-endpoint/*), or use a profile that has it; check the identity with `zscaler-mcp agentcore doctor`", arn, arn)
		if strings.Contains(lower, "signature") || strings.Contains(lower, "security token") {
			e.Cause = fmt.Sprintf("HTTP 403 (%s): the request signature or credentials were rejected", detail)
			e.Fix = "refresh the AWS credentials (aws sso login, or new access keys) and check the clock"
		}
	case status == http.StatusNotFound:
		e.Cause = fmt.Sprintf("HTTP 404 (%s): no such runtime or endpoint", detail)
		e.Fix = "check the runtime ARN, the region and the qualifier (`zscaler-mcp agentcore status` prints the AgentRuntimeArn output)"
	case status == http.StatusNotAcceptable:
		e.Cause = fmt.Sprintf("HTTP 406 (%s): the server refused the Accept header", detail)
		e.Fix = "the request must accept both application/json and text/event-stream; report this as a bug"
	case status == http.StatusTooManyRequests:
		e.Cause = fmt.Sprintf("HTTP 429 (%s): throttled", detail)
		e.Fix = "retry later, or raise the InvokeAgentRuntime quota"
	case status == http.StatusBadRequest && strings.Contains(lower, "session"):
		e.Cause = fmt.Sprintf("HTTP 400 (%s): the runtime session id was refused", detail)
		e.Fix = fmt.Sprintf("use a session id of %d to %d characters, or omit --session-id", MinSessionIDLen, MaxSessionIDLen)
	case status == 424 || code == "RuntimeClientError" || status >= 500:
		e.Cause = fmt.Sprintf("HTTP %d (%s): the runtime container failed or did not answer", status, detail)
		e.Fix = "read the container log (`zscaler-mcp agentcore logs --since 15m`); check the runtime status is READY (`zscaler-mcp agentcore status`); see " + HealthProbeDoc
	default:
		e.Cause = fmt.Sprintf("HTTP %d (%s)", status, detail)
	}
	if isHealthFailure(message) {
		e.Cause = fmt.Sprintf("HTTP %d (%s): the runtime health check failed or timed out", status, detail)
		e.Fix = healthFix
	}
	return e
}

const healthFix = "the container did not answer AgentCore's health probe on POST /mcp in time: read the container log (`zscaler-mcp agentcore logs --since 15m`) for start-up errors (secret, credentials), and see " + HealthProbeDoc

func isHealthFailure(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "-32010") || strings.Contains(l, "health check failed") || strings.Contains(l, "initialization time exceeded")
}

// rpcFailure maps a JSON-RPC error answer.
func rpcFailure(call string, rpc *RPCError) *Error {
	e := &Error{Call: call, Code: rpc.Code, Err: rpc}
	switch rpc.Code {
	case -32010:
		e.Cause = fmt.Sprintf("JSON-RPC error -32010 (%s): the runtime health check failed or timed out", rpc.Message)
		e.Fix = healthFix
	case -32005:
		e.Cause = fmt.Sprintf("JSON-RPC error -32005 (%s): another operation is in progress on this runtime session", rpc.Message)
		e.Fix = "retry in a few seconds, or use another --session-id"
	case -32601:
		e.Cause = fmt.Sprintf("JSON-RPC error -32601 (%s): the server does not know the method", rpc.Message)
		e.Fix = "check the method name; `--list-tools` shows the tools"
	case -32602:
		e.Cause = fmt.Sprintf("JSON-RPC error -32602 (%s): invalid parameters", rpc.Message)
		e.Fix = "check the tool name and --args against the tool's input schema (`--list-tools --json`)"
	default:
		e.Cause = fmt.Sprintf("JSON-RPC error %d: %s", rpc.Code, rpc.Message)
	}
	return e
}

// sdkFailure maps an InvokeAgentRuntime error from the SDK.
func sdkFailure(call, arn string, err error) error {
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil {
		return &Error{Call: call, Cause: err.Error(), Err: err,
			Fix: "check the network path to bedrock-agentcore in the runtime's region and the AWS credentials (`zscaler-mcp agentcore doctor`)"}
	}
	code, msg := "", err.Error()
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code, msg = ae.ErrorCode(), ae.ErrorMessage()
	}
	return httpFailure(call, arn, re.HTTPStatusCode(), re.Response.Header, code, msg, false, err)
}

func resourceMetadata(wwwAuth string) string {
	_, v, ok := strings.Cut(wwwAuth, `resource_metadata="`)
	if !ok {
		return ""
	}
	v, _, _ = strings.Cut(v, `"`)
	return v
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
