/**
 * Requests signed by botocore 1.43.11 (aws-cli 1.45.11), captured as received by a Node HTTP server
 * (`req.url`, `req.rawHeaders`, body). Credentials are made up for the capture. botocore sends no
 * x-amz-content-sha256 for these services, and signs x-amz-security-token.
 */
export const botocoreCredentials = {
  temporary: {
    accessKeyId: "ASIALOCALEXAMPLE0001",
    secretAccessKey: "localSecret/Example+Key0000000000000000000",
    sessionToken: "FwoGZXIvYXdzEXAMPLE//token+with/slashes==",
  },
  longTerm: { accessKeyId: "AKIALOCALEXAMPLE0002", secretAccessKey: "anotherLocalSecret/Example+Key000000000000" },
};

export interface CapturedRequest {
  label: string;
  method: string;
  /** `req.url`: raw path and query. */
  target: string;
  rawHeaders: string[];
  body: string;
}

export const botocoreRequests: CapturedRequest[] = [
  {
    label: "chime-sdk-messaging list-channel-messages (GET, ARN in path, query, session token)",
    method: "GET",
    target:
      "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A123456789012%3Aapp-instance%2F11111111-2222-3333-4444-555555555555%2Fchannel%2Fchan-1/messages?sort-order=DESCENDING&not-before=2026-01-01T00%3A00%3A00Z&max-results=5",
    rawHeaders: [
      "Host",
      "127.0.0.1:45991",
      "Accept-Encoding",
      "identity",
      "x-amz-chime-bearer",
      "arn:aws:chime:us-east-1:123456789012:app-instance/11111111-2222-3333-4444-555555555555/user/alice",
      "User-Agent",
      "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,N,b,D,g cfg/retry-mode#legacy botocore/1.43.11",
      "X-Amz-Date",
      "20261123T000415Z",
      "X-Amz-Security-Token",
      "FwoGZXIvYXdzEXAMPLE//token+with/slashes==",
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=ASIALOCALEXAMPLE0001/20261123/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-chime-bearer;x-amz-date;x-amz-security-token, Signature=c11ecc3a7920293cab6adea826a03883c3f2bd89886918bac392440ed764b849",
      "amz-sdk-invocation-id",
      "c7a7f080-b63d-4452-a07d-8c3c8caac0ec",
      "amz-sdk-request",
      "attempt=1",
    ],
    body: "",
  },
  {
    label: "chime-sdk-messaging send-channel-message (POST JSON, session token)",
    method: "POST",
    target:
      "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A123456789012%3Aapp-instance%2F11111111-2222-3333-4444-555555555555%2Fchannel%2Fchan-1/messages",
    rawHeaders: [
      "Host",
      "127.0.0.1:45991",
      "Accept-Encoding",
      "identity",
      "x-amz-chime-bearer",
      "arn:aws:chime:us-east-1:123456789012:app-instance/11111111-2222-3333-4444-555555555555/user/alice",
      "Content-Type",
      "application/json",
      "User-Agent",
      "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/b,g,D,Z,N cfg/retry-mode#legacy botocore/1.43.11",
      "X-Amz-Date",
      "20261123T000415Z",
      "X-Amz-Security-Token",
      "FwoGZXIvYXdzEXAMPLE//token+with/slashes==",
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=ASIALOCALEXAMPLE0001/20261123/us-east-1/chime/aws4_request, SignedHeaders=content-type;host;x-amz-chime-bearer;x-amz-date;x-amz-security-token, Signature=b5f54fda893617fab1fe78f7365d9843b08a30d83a0790c3b3b6db3376f6d764",
      "amz-sdk-invocation-id",
      "c5b27bdd-5fea-4c83-8670-d1434fe9dbca",
      "amz-sdk-request",
      "attempt=1",
      "Content-Length",
      "132",
    ],
    body: '{"Content": "h\\u00e9llo w\\u00f6rld (ok) * ! \\u2713", "Type": "STANDARD", "Persistence": "PERSISTENT", "ClientRequestToken": "tok-1"}',
  },
  {
    label: "sts get-caller-identity (form body, long-term key)",
    method: "POST",
    target: "/",
    rawHeaders: [
      "Host",
      "127.0.0.1:45991",
      "Accept-Encoding",
      "identity",
      "Content-Type",
      "application/x-www-form-urlencoded; charset=utf-8",
      "User-Agent",
      "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/b,Z,D,N,g cfg/retry-mode#legacy botocore/1.43.11",
      "X-Amz-Date",
      "20261123T000416Z",
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=AKIALOCALEXAMPLE0002/20261123/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=29f146c7ee5393e7622880e1023f300531b5a9235bad7d35eb8e914275095f87",
      "amz-sdk-invocation-id",
      "687bb9a2-62d5-4600-82c7-c5f887b986e8",
      "amz-sdk-request",
      "attempt=1",
      "Content-Length",
      "43",
    ],
    body: "Action=GetCallerIdentity&Version=2011-06-15",
  },
  {
    label: "sts assume-role (form body with a policy and tags)",
    method: "POST",
    target: "/",
    rawHeaders: [
      "Host",
      "127.0.0.1:45991",
      "Accept-Encoding",
      "identity",
      "Content-Type",
      "application/x-www-form-urlencoded; charset=utf-8",
      "User-Agent",
      "aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v669 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/Z,b,N,g,D cfg/retry-mode#legacy botocore/1.43.11",
      "X-Amz-Date",
      "20261123T000416Z",
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=AKIALOCALEXAMPLE0002/20261123/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=a12e5a3e0f7a9edda7bc20e14e74db09b4695ca9368667d2e5d22fc58a485f9c",
      "amz-sdk-invocation-id",
      "38d9868d-568a-4559-b8d8-e71452dd668f",
      "amz-sdk-request",
      "attempt=1",
      "Content-Length",
      "353",
    ],
    body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fchat-user&RoleSessionName=alice%40example.com&Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22chime%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D&Tags.member.1.Key=team&Tags.member.1.Value=a+b%2Bc",
  },
];

/** `sts.generate_presigned_url("get_caller_identity", ExpiresIn=900, HttpMethod="GET")` with the temporary key, host 127.0.0.1:45991. */
export const botocorePresignedTarget =
  "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIALOCALEXAMPLE0001%2F20261123%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261123T001134Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE%2F%2Ftoken%2Bwith%2Fslashes%3D%3D&X-Amz-Signature=b6c7ae665eacaa31ee90339adc3dc628bbdab121c8da965a66a565d63eaebeab";
export const botocorePresignedHost = "127.0.0.1:45991";
