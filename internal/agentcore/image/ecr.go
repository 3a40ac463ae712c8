package image

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// DefaultRepository is the ECR repository the image goes to unless told
// otherwise: the name the seed guide uses.
const DefaultRepository = "zscaler/zscaler-mcp-server"

// ECRAPI is the part of the ECR client (github.com/aws/aws-sdk-go-v2/service/ecr)
// that pushing needs; *ecr.Client implements it.
type ECRAPI interface {
	DescribeRepositories(ctx context.Context, in *ecr.DescribeRepositoriesInput, optFns ...func(*ecr.Options)) (*ecr.DescribeRepositoriesOutput, error)
	CreateRepository(ctx context.Context, in *ecr.CreateRepositoryInput, optFns ...func(*ecr.Options)) (*ecr.CreateRepositoryOutput, error)
	GetAuthorizationToken(ctx context.Context, in *ecr.GetAuthorizationTokenInput, optFns ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error)
}

var _ ECRAPI = (*ecr.Client)(nil)

// AWSError is a failed AWS call: which call, why, and what to do about it.
type AWSError struct {
	Call  string // "ecr:CreateRepository"
	Cause string
	Fix   string
	Err   error
}

func (e *AWSError) Error() string {
	s := e.Call + " failed: " + e.Cause
	if e.Fix != "" {
		s += "\n  fix: " + e.Fix
	}
	return s
}

func (e *AWSError) Unwrap() error { return e.Err }

// TagConflictError reports that an immutable tag already names another image.
type TagConflictError struct {
	Ref      string  // repository:tag
	Existing v1.Hash // what the tag names in the registry
	New      v1.Hash // what was to be pushed
}

func (e *TagConflictError) Error() string {
	return fmt.Sprintf("%s already exists with digest %s, and this image is %s: the repository's tags are immutable, so the tag cannot be moved to a different image.\n"+
		"  fix: push under a new version: commit the change (the version derives from the commit) and build again, or pass --tag NEW (or --version NEW)",
		e.Ref, e.Existing, e.New)
}

// RepositorySpec names an ECR repository: a bare name, or a full repository
// URI (<account>.dkr.ecr.<region>.amazonaws.com/<name>).
type RepositorySpec struct {
	Name       string
	RegistryID string // the account, when a URI named it
	Region     string // the region, when a URI named it
}

var (
	ecrHost = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com|amazonaws\.com\.cn|c2s\.ic\.gov|sc2s\.sgov\.gov)$`)
	// ECR's repository name pattern.
	ecrRepoName = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
)

// ParseRepository reads --repository: a name or a repository URI. A URI's
// region must be the region in use: AgentCore Runtime pulls from ECR in its
// own region only.
func ParseRepository(s, region string) (RepositorySpec, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultRepository
	}
	spec := RepositorySpec{Name: s}
	if host, rest, ok := strings.Cut(s, "/"); ok && strings.Contains(host, ".") {
		m := ecrHost.FindStringSubmatch(host)
		if m == nil {
			return spec, fmt.Errorf("%s is not an Amazon ECR repository (expected <account>.dkr.ecr.<region>.amazonaws.com/<name>, or just <name>)", s)
		}
		spec = RepositorySpec{Name: rest, RegistryID: m[1], Region: m[2]}
		if i := strings.IndexAny(spec.Name, ":@"); i >= 0 {
			return spec, fmt.Errorf("--repository %s names a tag or digest; pass the repository only, and the tag with --tag", s)
		}
		if region != "" && spec.Region != region {
			return spec, fmt.Errorf("the repository %s is in %s, but the region in use is %s: AgentCore Runtime pulls images only from ECR in its own region; pass --region %s, or push to a repository in %s (--repository %s)",
				s, spec.Region, region, spec.Region, region, rest)
		}
	}
	if len(spec.Name) < 2 || len(spec.Name) > 256 || !ecrRepoName.MatchString(spec.Name) {
		return spec, fmt.Errorf("%q is not a valid ECR repository name: 2-256 characters, lowercase letters, digits and . _ - separated by /", spec.Name)
	}
	return spec, nil
}

// ECROption tunes PushToECR and CopyToECR.
type ECROption func(*ecrOptions)

type ecrOptions struct {
	log io.Writer
}

// WithLog sends progress lines to w.
func WithLog(w io.Writer) ECROption { return func(o *ecrOptions) { o.log = w } }

func makeECROptions(opts []ECROption) ecrOptions {
	o := ecrOptions{log: io.Discard}
	for _, f := range opts {
		f(&o)
	}
	if o.log == nil {
		o.log = io.Discard
	}
	return o
}

// Repository is an ECR repository ready to receive images.
type Repository struct {
	Name       string
	URI        string
	Mutability string
	ScanOnPush bool
	Created    bool // this call created it
}

// EnsureRepository finds the repository, or creates it with scan on push and
// immutable tags. Finding it costs one DescribeRepositories and changes
// nothing; CreateRepository is only called when it does not exist.
func EnsureRepository(ctx context.Context, api ECRAPI, region string, spec RepositorySpec) (*Repository, error) {
	where := fmt.Sprintf("repository %s in %s", spec.Name, regionText(region))
	in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{spec.Name}}
	if spec.RegistryID != "" {
		in.RegistryId = aws.String(spec.RegistryID)
	}
	out, err := api.DescribeRepositories(ctx, in)
	if err == nil && len(out.Repositories) > 0 {
		return repositoryFrom(out.Repositories[0], false), nil
	}
	var nf *ecrtypes.RepositoryNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return nil, awsError("ecr:DescribeRepositories", where, spec, region, err)
	}
	cin := &ecr.CreateRepositoryInput{
		RepositoryName:             aws.String(spec.Name),
		ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
		ImageTagMutability:         ecrtypes.ImageTagMutabilityImmutable,
	}
	if spec.RegistryID != "" {
		cin.RegistryId = aws.String(spec.RegistryID)
	}
	cout, err := api.CreateRepository(ctx, cin)
	if err != nil {
		var exists *ecrtypes.RepositoryAlreadyExistsException
		if errors.As(err, &exists) {
			// Created by someone else meanwhile: fine, use it.
			out, derr := api.DescribeRepositories(ctx, in)
			if derr != nil {
				return nil, awsError("ecr:DescribeRepositories", where, spec, region, derr)
			}
			if len(out.Repositories) == 0 {
				return nil, &AWSError{Call: "ecr:DescribeRepositories", Cause: where + " was reported to exist but is not listed", Fix: "run the command again"}
			}
			return repositoryFrom(out.Repositories[0], false), nil
		}
		return nil, awsError("ecr:CreateRepository", where, spec, region, err)
	}
	if cout.Repository == nil {
		return nil, &AWSError{Call: "ecr:CreateRepository", Cause: "the response for " + where + " holds no repository", Fix: "run the command again"}
	}
	return repositoryFrom(*cout.Repository, true), nil
}

func repositoryFrom(r ecrtypes.Repository, created bool) *Repository {
	repo := &Repository{
		Name:       aws.ToString(r.RepositoryName),
		URI:        aws.ToString(r.RepositoryUri),
		Mutability: string(r.ImageTagMutability),
		Created:    created,
	}
	if r.ImageScanningConfiguration != nil {
		repo.ScanOnPush = r.ImageScanningConfiguration.ScanOnPush
	}
	return repo
}

// ECRAuthenticator gets an ECR authorization token (valid 12 hours) and turns
// it into registry credentials. It returns them with the registry endpoint.
func ECRAuthenticator(ctx context.Context, api ECRAPI, region string) (authn.Authenticator, string, error) {
	out, err := api.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return nil, "", awsError("ecr:GetAuthorizationToken", "the ECR registry in "+regionText(region), RepositorySpec{}, region, err)
	}
	if len(out.AuthorizationData) == 0 || out.AuthorizationData[0].AuthorizationToken == nil {
		return nil, "", &AWSError{Call: "ecr:GetAuthorizationToken", Cause: "the response holds no authorization token", Fix: "run the command again; if it persists, check the ECR service health in " + regionText(region)}
	}
	ad := out.AuthorizationData[0]
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(ad.AuthorizationToken))
	if err != nil {
		return nil, "", &AWSError{Call: "ecr:GetAuthorizationToken", Cause: "the authorization token is not base64: " + err.Error(), Fix: "run the command again", Err: err}
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok || user == "" || pass == "" {
		return nil, "", &AWSError{Call: "ecr:GetAuthorizationToken", Cause: "the authorization token is not user:password", Fix: "run the command again"}
	}
	endpoint := aws.ToString(ad.ProxyEndpoint)
	endpoint = strings.TrimPrefix(strings.TrimPrefix(endpoint, "https://"), "http://")
	return authn.FromConfig(authn.AuthConfig{Username: user, Password: pass}), strings.TrimSuffix(endpoint, "/"), nil
}

// PushToECR pushes the index to ECR as repo:tag and returns the image URI.
// repoName is a name or a repository URI (see ParseRepository). The
// repository is created when missing (scan on push, immutable tags). When the
// tag already names this very index, nothing is pushed; when it names another
// image, the push is refused with a *TagConflictError.
func PushToECR(ctx context.Context, api ECRAPI, region, repoName string, idx v1.ImageIndex, tag string, opts ...ECROption) (string, error) {
	digest, err := idx.Digest()
	if err != nil {
		return "", err
	}
	return toECR(ctx, api, region, repoName, tag, digest, makeECROptions(opts), func(ref name.Reference, auth authn.Authenticator) error {
		return remote.WriteIndex(ref, idx, remoteOptions(ctx, auth)...)
	})
}

// CopyToECR copies the image or index at src (a published release image, for
// users who have only the release binary) into ECR as repo:tag and returns
// the image URI. The source must include linux/arm64, which AgentCore Runtime
// runs. An empty tag means the source's tag, else the tag derived from its
// version label. srcAuth nil uses the Docker credential configuration.
func CopyToECR(ctx context.Context, api ECRAPI, region, repoName, src, tag string, srcAuth authn.Authenticator, opts ...ECROption) (string, error) {
	o := makeECROptions(opts)
	source, err := Fetch(ctx, src, srcAuth)
	if err != nil {
		return "", err
	}
	arm, err := source.HasArm64()
	if err != nil {
		return "", err
	}
	if !arm {
		ps, _ := source.Platforms()
		return "", fmt.Errorf("%s has no linux/arm64 image (it has %s), and AgentCore Runtime runs linux/arm64: copy a multi-arch release image, or build from source without --from", src, strings.Join(ps, ", "))
	}
	if tag == "" {
		tag, err = sourceTag(source, src)
		if err != nil {
			return "", err
		}
	}
	fmt.Fprintf(o.log, "copying %s (%s)\n", src, source.Descriptor.Digest)
	return toECR(ctx, api, region, repoName, tag, source.Descriptor.Digest, o, func(ref name.Reference, auth authn.Authenticator) error {
		if source.Index != nil {
			return remote.WriteIndex(ref, source.Index, remoteOptions(ctx, auth)...)
		}
		return remote.Write(ref, source.Image, remoteOptions(ctx, auth)...)
	})
}

// sourceTag is the tag a copied image keeps: the source's own tag, else the
// one derived from its version label.
func sourceTag(s *Source, src string) (string, error) {
	if r, err := name.ParseReference(src); err == nil {
		if t, ok := r.(name.Tag); ok && strings.Contains(src, ":"+t.TagStr()) {
			return t.TagStr(), nil
		}
	}
	labels, err := s.Labels()
	if err != nil {
		return "", err
	}
	if v := labels[LabelVersion]; v != "" {
		return Tag(v), nil
	}
	return "", fmt.Errorf("%s has no tag and no %s label to derive one from: pass --tag", src, LabelVersion)
}

func toECR(ctx context.Context, api ECRAPI, region, repoName, tag string, digest v1.Hash, o ecrOptions, write func(name.Reference, authn.Authenticator) error) (string, error) {
	if err := CheckTag(tag); err != nil {
		return "", err
	}
	spec, err := ParseRepository(repoName, region)
	if err != nil {
		return "", err
	}
	repo, err := EnsureRepository(ctx, api, region, spec)
	if err != nil {
		return "", err
	}
	if repo.Created {
		fmt.Fprintf(o.log, "created ECR repository %s (scan on push, immutable tags)\n", repo.URI)
	} else if repo.Mutability != "" && repo.Mutability != string(ecrtypes.ImageTagMutabilityImmutable) {
		fmt.Fprintf(o.log, "warning: ECR repository %s has %s tags; a tag can then be moved to another image under a running deployment (aws ecr put-image-tag-mutability --repository-name %s --image-tag-mutability IMMUTABLE)\n", repo.URI, repo.Mutability, repo.Name)
	}
	if r := repoRegion(repo.URI); r != "" && region != "" && r != region {
		return "", fmt.Errorf("the repository %s is in %s, but the region in use is %s: AgentCore Runtime pulls images only from ECR in its own region; pass --region %s, or use a repository in %s", repo.URI, r, region, r, region)
	}
	auth, _, err := ECRAuthenticator(ctx, api, region)
	if err != nil {
		return "", err
	}
	uri := repo.URI + ":" + tag
	ref, err := name.NewTag(uri, name.StrictValidation)
	if err != nil {
		return "", fmt.Errorf("%s is not a valid image reference: %w", uri, err)
	}
	existing, err := remote.Head(ref, remoteOptions(ctx, auth)...)
	switch {
	case err == nil && existing.Digest == digest:
		fmt.Fprintf(o.log, "%s already holds %s: nothing to push\n", uri, digest)
		return uri, nil
	case err == nil:
		return "", &TagConflictError{Ref: uri, Existing: existing.Digest, New: digest}
	case !isNotFound(err):
		return "", pushError(uri, region, repo.Name, "ecr:BatchGetImage", err)
	}
	fmt.Fprintf(o.log, "pushing %s (%s)\n", uri, digest)
	if err := write(ref, auth); err != nil {
		if isImmutableTagError(err) {
			// Someone pushed the tag between our check and our push.
			if d, herr := remote.Head(ref, remoteOptions(ctx, auth)...); herr == nil {
				if d.Digest == digest {
					return uri, nil
				}
				return "", &TagConflictError{Ref: uri, Existing: d.Digest, New: digest}
			}
		}
		return "", pushError(uri, region, repo.Name, "ecr:PutImage", err)
	}
	return uri, nil
}

// repoRegion reads the region from an ECR repository URI ("" if it is not one).
func repoRegion(uri string) string {
	host, _, _ := strings.Cut(uri, "/")
	if m := ecrHost.FindStringSubmatch(host); m != nil {
		return m[2]
	}
	return ""
}

func isNotFound(err error) bool {
	var te *transport.Error
	if errors.As(err, &te) {
		if te.StatusCode == http.StatusNotFound {
			return true
		}
		for _, d := range te.Errors {
			if d.Code == transport.ManifestUnknownErrorCode || d.Code == transport.NameUnknownErrorCode {
				return true
			}
		}
	}
	return false
}

func isImmutableTagError(err error) bool {
	var te *transport.Error
	if errors.As(err, &te) {
		for _, d := range te.Errors {
			if strings.Contains(strings.ToLower(d.Message), "immutable") || d.Code == "TAG_INVALID" {
				return true
			}
		}
	}
	return strings.Contains(strings.ToLower(err.Error()), "cannot be overwritten because the repository is immutable")
}

// pushError explains a registry-protocol failure against ECR.
func pushError(uri, region, repo, call string, err error) error {
	var te *transport.Error
	if errors.As(err, &te) && (te.StatusCode == http.StatusUnauthorized || te.StatusCode == http.StatusForbidden) {
		return &AWSError{
			Call:  call,
			Cause: fmt.Sprintf("the registry refused %s (%d): %v", uri, te.StatusCode, err),
			Fix: fmt.Sprintf("allow ecr:BatchGetImage, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on arn:aws:ecr:%s:<account>:repository/%s to the identity in use (aws sts get-caller-identity), and check that no repository policy denies it",
				regionOr(region), repo),
			Err: err,
		}
	}
	return fmt.Errorf("pushing %s: %w", uri, err)
}

// awsError maps an AWS API error to the call, the cause and the fix.
func awsError(call, where string, spec RepositorySpec, region string, err error) error {
	cause := err.Error()
	fix := ""
	var ae smithy.APIError
	if errors.As(err, &ae) {
		cause = ae.ErrorCode() + ": " + ae.ErrorMessage()
		switch ae.ErrorCode() {
		case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation":
			fix = fmt.Sprintf("allow %s on arn:aws:ecr:%s:<account>:repository/%s to the identity in use (aws sts get-caller-identity)", call, regionOr(region), repoOr(spec.Name))
			if call == "ecr:GetAuthorizationToken" {
				fix = "allow ecr:GetAuthorizationToken on * to the identity in use (aws sts get-caller-identity); the action does not take a resource"
			}
			if call == "ecr:CreateRepository" {
				fix += fmt.Sprintf(", or have the repository created for you: aws ecr create-repository --region %s --repository-name %s --image-tag-mutability IMMUTABLE --image-scanning-configuration scanOnPush=true", regionOr(region), spec.Name)
			}
		case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "InvalidClientTokenId", "ExpiredToken":
			fix = "the AWS credentials are not valid or have expired: refresh them (aws sso login, or aws configure) and check AWS_PROFILE"
		case "RepositoryNotFoundException":
			fix = fmt.Sprintf("check the repository name and the region (%s); ECR repositories are regional", regionOr(region))
		case "LimitExceededException":
			fix = "the account's ECR repository quota is reached: delete unused repositories or request a quota increase, or push to an existing repository with --repository"
		case "InvalidParameterException":
			fix = "check --repository (2-256 characters: lowercase letters, digits, . _ - and /)"
		case "KmsException":
			fix = "the repository's KMS key refused the operation: check the key policy"
		}
	} else if strings.Contains(cause, "credential") {
		fix = "no usable AWS credentials: run aws configure or aws sso login, or set AWS_PROFILE"
	} else if strings.Contains(cause, "region") {
		fix = "set the region with --region or AWS_REGION"
	}
	return &AWSError{Call: call, Cause: where + ": " + cause, Fix: fix, Err: err}
}

func regionText(r string) string {
	if r == "" {
		return "the configured region"
	}
	return r
}

func regionOr(r string) string {
	if r == "" {
		return "<region>"
	}
	return r
}

func repoOr(r string) string {
	if r == "" {
		return "*"
	}
	return r
}

// BuildAndPushToECR builds the image from source (Build), then pushes it to
// ECR under tag, or under Tag(version) when tag is empty. It is what
// `agentcore image push` and `agentcore deploy` without an image URI do.
func BuildAndPushToECR(ctx context.Context, api ECRAPI, region, repoName, tag string, build BuildOptions, opts ...ECROption) (string, *Summary, error) {
	if tag != "" {
		if err := CheckTag(tag); err != nil {
			return "", nil, err
		}
	}
	if _, err := ParseRepository(repoName, region); err != nil {
		return "", nil, err
	}
	idx, err := Build(ctx, build)
	if err != nil {
		return "", nil, err
	}
	sum, err := Summarize(idx)
	if err != nil {
		return "", nil, err
	}
	if tag == "" {
		tag = Tag(sum.Version)
	}
	uri, err := PushToECR(ctx, api, region, repoName, idx, tag, opts...)
	return uri, sum, err
}
