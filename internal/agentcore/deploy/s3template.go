package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/zscaler-mcp/zscaler-mcp/internal/agentcore/template"
)

// templateBodyLimit is template.TemplateBodyLimit; tests lower it.
var templateBodyLimit = template.TemplateBodyLimit

// TemplateKeyPrefix is where deploy stages templates in --template-bucket.
const TemplateKeyPrefix = "zscaler-mcp/cloudformation/"

// templateKey is the S3 key of a template: the stack name and the
// template's sha256, so an unchanged template is the same object (and is
// not uploaded again).
func templateKey(stack string, body []byte) string {
	sum := sha256.Sum256(body)
	return TemplateKeyPrefix + stack + "/" + hex.EncodeToString(sum[:]) + ".template.json"
}

// templateObjectURL is the object's regional virtual-hosted URL, as
// CloudFormation's TemplateURL wants it.
func templateObjectURL(bucket, region, key string) string {
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return "https://" + bucket + ".s3." + region + "." + suffix + "/" + key
}

// stageTemplate uploads the template to TemplateBucket unless an object
// with its digest is there already (HeadObject first), server-side
// encrypted, and returns its URL. account, when known, is the expected
// bucket owner (a bucket name taken by someone else is refused by S3).
func (o *DeployOptions) stageTemplate(ctx context.Context, p *plan, account string) (string, error) {
	bucket := strings.TrimSpace(o.TemplateBucket)
	key := templateKey(p.stackName, p.body)
	if err := o.putOnce(ctx, bucket, key, "template", p.body, account); err != nil {
		return "", err
	}
	return templateObjectURL(bucket, o.Clients.Region, key), nil
}

// placeToolSchema puts the Gateway's tool schema in S3 when, inline, it
// would push the template past CloudFormation's inline limit and a bucket
// is given (the template then needs the bucket anyway): the object is the
// schema's exact bytes under its content-addressed key, and the target
// reads it from there (McpToolSchema.S3). Without a bucket nothing is done
// here: the template is refused as too big, with the fix.
func (o *DeployOptions) placeToolSchema(ctx context.Context, in *template.Inputs, account string) error {
	r, _ := in.Resolved()
	bucket := strings.TrimSpace(o.TemplateBucket)
	if !r.Gateway.Enabled() || r.Gateway.ToolSchemaS3URI != "" || bucket == "" {
		return nil
	}
	body, err := template.RenderJSON(*in)
	if err != nil || len(body) <= templateBodyLimit {
		return nil // an invalid input is reported by the plan
	}
	schema, err := in.ToolSchema()
	if err != nil {
		return err
	}
	key := template.ToolSchemaKey(schema)
	uri := "s3://" + bucket + "/" + key
	if o.DryRun {
		fmt.Fprintf(o.Out, "the %d-byte tool schema (%d tools) would make the template %d bytes, over the %d-byte inline limit: it would be uploaded to %s (unless already there) for the target's McpToolSchema.S3\n",
			len(schema), len(in.Tools()), len(body), templateBodyLimit, uri)
	} else {
		if err := o.putOnce(ctx, bucket, key, "tool schema", schema, account); err != nil {
			return err
		}
		fmt.Fprintf(o.Log, "the Gateway target reads its tool schema (%d tools) from %s\n", len(in.Tools()), uri)
	}
	in.Gateway.ToolSchemaS3URI = uri
	return nil
}

// putOnce uploads body to bucket/key unless the object is there already
// (its key names its digest), server-side encrypted, with the expected
// bucket owner when known.
func (o *DeployOptions) putOnce(ctx context.Context, bucket, key, what string, body []byte, account string) error {
	c := o.Clients
	if c.S3 == nil {
		return errors.New("--template-bucket: no S3 client")
	}
	var owner *string
	if account != "" {
		owner = aws.String(account)
	}
	_, err := c.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ExpectedBucketOwner: owner})
	switch {
	case err == nil:
		fmt.Fprintf(o.Log, "%s s3://%s/%s is already uploaded (same sha256)\n", what, bucket, key)
		return nil
	case isS3NotFound(err), isS3Forbidden(err):
		// 403 also stands for "missing" without s3:ListBucket: upload.
	default:
		return s3Error("s3:GetObject (HeadObject)", bucket, err)
	}
	fmt.Fprintf(o.Log, "uploading the %d-byte %s to s3://%s/%s\n", len(body), what, bucket, key)
	_, err = c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket:               aws.String(bucket),
		Key:                  aws.String(key),
		Body:                 bytes.NewReader(body),
		ContentLength:        aws.Int64(int64(len(body))),
		ContentType:          aws.String("application/json"),
		ServerSideEncryption: s3types.ServerSideEncryptionAes256,
		ExpectedBucketOwner:  owner,
	})
	if err != nil {
		return s3Error("s3:PutObject", bucket, err)
	}
	return nil
}

func s3Error(call, bucket string, err error) error {
	e := awsError(call, err)
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NoSuchBucket":
			return fmt.Errorf("%w\n  fix: create the bucket %s in this region (aws s3 mb s3://%s) or pass another --template-bucket", e, bucket, bucket)
		case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
			return fmt.Errorf("%w\n  fix: the bucket %s is in another region: use a bucket in the stack's region", e, bucket)
		}
	}
	return e
}

func isS3NotFound(err error) bool {
	var nf *s3types.NotFound
	var nk *s3types.NoSuchKey
	if errors.As(err, &nf) || errors.As(err, &nk) {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && (ae.ErrorCode() == "NotFound" || ae.ErrorCode() == "NoSuchKey")
}

func isS3Forbidden(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && (ae.ErrorCode() == "Forbidden" || ae.ErrorCode() == "AccessDenied")
}

// newerVersion reports whether runtime version v is newer than old
// (versions are decimal counters; otherwise any different value is newer).
func newerVersion(v, old string) bool {
	a, err1 := strconv.ParseUint(v, 10, 64)
	b, err2 := strconv.ParseUint(old, 10, 64)
	if err1 != nil || err2 != nil {
		return v != "" && v != old
	}
	return a > b
}
