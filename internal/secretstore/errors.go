package secretstore

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kind classifies an *Error.
type Kind string

const (
	KindNotConfigured    Kind = "not_configured"    // SecretID empty
	KindConfig           Kind = "aws_config"        // the AWS configuration could not be loaded
	KindNoRegion         Kind = "no_region"         // no region from Options, the ARN, the environment or the profile
	KindCredentials      Kind = "credentials"       // no AWS credentials, or AWS rejected them
	KindNotFound         Kind = "not_found"         // ResourceNotFoundException
	KindAccessDenied     Kind = "access_denied"     // AccessDeniedException on the secret
	KindDecryption       Kind = "kms_decrypt"       // DecryptionFailure, or access denied to the KMS key
	KindInvalidState     Kind = "invalid_state"     // InvalidRequestException (e.g. scheduled for deletion)
	KindInvalidParameter Kind = "invalid_parameter" // InvalidParameterException
	KindNetwork          Kind = "network"           // the endpoint could not be reached (or timed out)
	KindBinary           Kind = "binary"            // SecretBinary instead of SecretString
	KindNotJSON          Kind = "not_json"          // SecretString is not valid JSON
	KindNotObject        Kind = "not_object"        // valid JSON, but not an object
	KindBadValue         Kind = "bad_value"         // a known key holds an object or an array
	KindMissingKey       Kind = "missing_key"       // ZSCALER_CLIENT_ID, or both ZSCALER_CLIENT_SECRET and ZSCALER_PRIVATE_KEY
	KindOther            Kind = "other"             // any other AWS error
)

// Error is a failure to load the secret. Its message names the cause and the
// fix, never a secret value.
type Error struct {
	Kind     Kind
	SecretID string
	Cause    string
	Fix      string
	// Err is the underlying AWS SDK error, if any (it carries no secret values).
	Err error
}

func (e *Error) Error() string {
	return e.Cause + ". Fix: " + e.Fix
}

func (e *Error) Unwrap() error { return e.Err }

func trimDot(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), ".")
}

// credentialCodes are API error codes meaning the request's credentials were rejected.
var credentialCodes = map[string]bool{
	"UnrecognizedClientException": true,
	"InvalidClientTokenId":        true,
	"InvalidSignatureException":   true,
	"SignatureDoesNotMatch":       true,
	"IncompleteSignature":         true,
	"ExpiredTokenException":       true,
	"ExpiredToken":                true,
	"MissingAuthenticationToken":  true,
}

func isAccessDenied(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		c := ae.ErrorCode()
		return c == "AccessDeniedException" || c == "AccessDenied"
	}
	return false
}

// classify maps an error from a Secrets Manager call to an *Error. action is
// the IAM action of the call, for the access-denied fix.
func (s *Store) classify(err error, action string) *Error {
	id := s.id
	region := s.region
	if region == "" {
		region = "the client's region"
	}
	prefix := "Failed to retrieve secret " + id + " from region " + region + ": "
	e := &Error{SecretID: id, Err: err}

	var (
		notFound  *types.ResourceNotFoundException
		decrypt   *types.DecryptionFailure
		invReq    *types.InvalidRequestException
		invParam  *types.InvalidParameterException
		internal  *types.InternalServiceError
		apiErr    smithy.APIError
		missingRg *aws.MissingRegionError
		sendErr   *smithyhttp.RequestSendError
		netErr    net.Error
		opErr     *net.OpError
		dnsErr    *net.DNSError
	)
	switch {
	case errors.As(err, &notFound):
		e.Kind = KindNotFound
		e.Cause = prefix + "Secret not found (ResourceNotFoundException: " + trimDot(notFound.ErrorMessage()) + ")"
		e.Fix = "check ZSCALER_SECRET_NAME (the secret's name or full ARN) and AWS_REGION (the region the secret was created in)"
	case errors.As(err, &decrypt):
		e.Kind = KindDecryption
		e.Cause = prefix + "Secrets Manager could not decrypt the secret with its KMS key (DecryptionFailure: " + trimDot(decrypt.ErrorMessage()) + ")"
		e.Fix = "grant kms:Decrypt on the secret's KMS key to the execution role (in its IAM policy and the key policy) and check that the key is enabled"
	case isAccessDenied(err):
		errors.As(err, &apiErr)
		msg := trimDot(apiErr.ErrorMessage())
		if strings.Contains(strings.ToLower(msg), "kms") {
			e.Kind = KindDecryption
			e.Cause = prefix + "AccessDenied to the secret's KMS key (" + apiErr.ErrorCode() + ": " + msg + ")"
			e.Fix = "grant kms:Decrypt on the secret's KMS key to the execution role (in its IAM policy and the key policy)"
			break
		}
		e.Kind = KindAccessDenied
		e.Cause = prefix + "AccessDenied (" + apiErr.ErrorCode() + ": " + msg + ")"
		e.Fix = "grant " + action + " on " + s.resourceARN() + " to the execution role (IAM role policy), and check that no resource policy or SCP denies it"
	case errors.As(err, &invReq):
		e.Kind = KindInvalidState
		e.Cause = prefix + "the secret cannot be read in its current state (InvalidRequestException: " + trimDot(invReq.ErrorMessage()) + ")"
		e.Fix = "restore the secret if it is scheduled for deletion (aws secretsmanager restore-secret --secret-id " + id + "), or point ZSCALER_SECRET_NAME at an active secret"
	case errors.As(err, &invParam):
		e.Kind = KindInvalidParameter
		e.Cause = prefix + "the request was rejected (InvalidParameterException: " + trimDot(invParam.ErrorMessage()) + ")"
		e.Fix = "set ZSCALER_SECRET_NAME to a valid secret name or full secret ARN"
	case errors.As(err, &apiErr) && credentialCodes[apiErr.ErrorCode()]:
		e.Kind = KindCredentials
		e.Cause = prefix + "AWS rejected the request's credentials (" + apiErr.ErrorCode() + ": " + trimDot(apiErr.ErrorMessage()) + ")"
		e.Fix = "run with the execution role's credentials (unset stale AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN or AWS_PROFILE) and check the system clock"
	case errors.As(err, &internal):
		e.Kind = KindOther
		e.Cause = prefix + "Secrets Manager reported an internal error (InternalServiceError: " + trimDot(internal.ErrorMessage()) + ")"
		e.Fix = "retry; if it persists, check the AWS Health Dashboard for Secrets Manager in " + region
	case errors.As(err, &apiErr):
		e.Kind = KindOther
		e.Cause = prefix + apiErr.ErrorCode() + ": " + trimDot(apiErr.ErrorMessage())
		e.Fix = "check the secret, the execution role's permissions and the region"
	case errors.As(err, &missingRg):
		e.Kind = KindNoRegion
		e.Cause = prefix + "no AWS region is configured"
		e.Fix = "set AWS_REGION to the region the secret lives in, or set ZSCALER_SECRET_NAME to the secret's full ARN"
	case isCredentialsError(err):
		e.Kind = KindCredentials
		e.Cause = prefix + "no usable AWS credentials (" + trimDot(innermost(err).Error()) + ")"
		e.Fix = "run with an IAM execution role, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
	case errors.Is(err, context.Canceled):
		e.Kind = KindNetwork
		e.Cause = prefix + "the request was cancelled"
		e.Fix = "retry the start; if it keeps happening, check the startup deadline"
	case errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &sendErr), errors.As(err, &opErr), errors.As(err, &dnsErr), errors.As(err, &netErr):
		e.Kind = KindNetwork
		detail := trimDot(innermostNet(err).Error())
		e.Cause = prefix + "could not reach the Secrets Manager endpoint (" + detail + ")"
		if errors.Is(err, context.DeadlineExceeded) {
			e.Cause = prefix + "could not reach the Secrets Manager endpoint (timed out: " + detail + ")"
		}
		e.Fix = "give the runtime a network route to Secrets Manager: in VPC network mode add an interface VPC endpoint com.amazonaws." +
			s.regionOr("<region>") + ".secretsmanager (private DNS on, its security group allowing HTTPS from the runtime) or a NAT gateway; " +
			"if AWS_ENDPOINT_URL_SECRETS_MANAGER is set, check it"
	default:
		e.Kind = KindOther
		e.Cause = prefix + trimDot(err.Error())
		e.Fix = "check the secret, the execution role's permissions, the region and the network route to Secrets Manager"
	}
	return e
}

func (s *Store) regionOr(def string) string {
	if s.region == "" {
		return def
	}
	return s.region
}

// resourceARN is the secret's ARN, or an ARN pattern for a secret name.
func (s *Store) resourceARN() string {
	if regionFromARN(s.id) != "" {
		return s.id
	}
	return "arn:aws:secretsmanager:" + s.regionOr("<region>") + ":<account-id>:secret:" + s.id + "-*"
}

func isCredentialsError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "get identity:") || strings.Contains(msg, "failed to retrieve credentials") ||
		strings.Contains(msg, "failed to refresh cached credentials")
}

// innermost unwraps err to its last single-wrapped cause.
func innermost(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// innermostNet returns the most specific network error in err's chain (the
// *net.OpError or *net.DNSError text, e.g. "dial tcp 10.0.0.1:443: i/o timeout"),
// or the context error.
func innermostNet(err error) error {
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return opErr
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return innermost(err)
}
