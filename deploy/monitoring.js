/**
 * The stack's monitoring, as a fragment of serverless.yml's `resources` list
 * (`${file(./deploy/monitoring.js):resources}`): CloudWatch alarms when `alarmTopicArn` is given, and a
 * dashboard unless `dashboard=false`. A feature that is off adds no resource at all.
 *
 * The alarms watch what AWS measures (the function's errors, throttles and duration, the HTTP API's
 * 5xx answers) and what the API measures itself (src/metrics: failed Chime and STS calls, Chime's
 * throttling). docs/deploy.md has a runbook for each, under the alarm's name.
 */
"use strict";

/** Logical ids of what Serverless generates from serverless.yml. */
const GRAPHQL_FUNCTION = "GraphqlLambdaFunction";
const HTTP_API = "HttpApi";

const FIVE_MINUTES = 300;

/**
 * One alarm: notifies the topic when it fires and when it clears. Missing data is not a breach (an
 * idle stage sends no metrics at all).
 */
function alarm(topicArn, { description, namespace, metric, dimensions, statistic, threshold, periods = 1 }) {
  return {
    Type: "AWS::CloudWatch::Alarm",
    Properties: {
      AlarmDescription: `${description} Runbook: docs/deploy.md, "Alarms".`,
      Namespace: namespace,
      MetricName: metric,
      Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: statistic,
      Period: FIVE_MINUTES,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      Threshold: threshold,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [topicArn],
      OKActions: [topicArn],
    },
  };
}

/** The alarms, by logical id. */
function alarms({ topicArn, namespace, service, timeoutSeconds }) {
  const fn = { FunctionName: { Ref: GRAPHQL_FUNCTION } };
  const api = { ApiId: { Ref: HTTP_API } };
  const outcome = (value) => ({ service, outcome: value });
  return {
    GraphqlErrorsAlarm: alarm(topicArn, {
      description: "The API's function failed invocations (a crash, or its 29 s timeout).",
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions: fn,
      statistic: "Sum",
      threshold: 1,
    }),
    GraphqlThrottlesAlarm: alarm(topicArn, {
      description: "Lambda refused invocations of the API's function: no concurrency left.",
      namespace: "AWS/Lambda",
      metric: "Throttles",
      dimensions: fn,
      statistic: "Sum",
      threshold: 1,
    }),
    GraphqlDurationAlarm: alarm(topicArn, {
      description: "An invocation of the API's function took 80% of its timeout.",
      namespace: "AWS/Lambda",
      metric: "Duration",
      dimensions: fn,
      statistic: "Maximum",
      threshold: Math.round(timeoutSeconds * 1000 * 0.8),
    }),
    Api5xxAlarm: alarm(topicArn, {
      description: "The HTTP API answered 5xx (from the function, or API Gateway itself) 5 times in 5 minutes.",
      namespace: "AWS/ApiGateway",
      metric: "5xx",
      dimensions: api,
      statistic: "Sum",
      threshold: 5,
    }),
    ChimeFailuresAlarm: alarm(topicArn, {
      description: "Chime calls failed (5xx, timeouts, refused credentials) 5 times in 5 minutes.",
      namespace,
      metric: "ChimeCalls",
      dimensions: outcome("failed"),
      statistic: "Sum",
      threshold: 5,
    }),
    ChimeThrottlesAlarm: alarm(topicArn, {
      description: "Chime throttled the API's calls 10 times in 5 minutes: an account quota is near.",
      namespace,
      metric: "ChimeCalls",
      dimensions: outcome("throttled"),
      statistic: "Sum",
      threshold: 10,
    }),
    StsFailuresAlarm: alarm(topicArn, {
      description: "Vending credentials failed: STS refused or failed AssumeRole of the user role.",
      namespace,
      metric: "StsCalls",
      dimensions: outcome("failed"),
      statistic: "Sum",
      threshold: 1,
    }),
  };
}

/** A graph of metrics; `${...}` in values are filled by the dashboard's Fn::Sub. */
function graph(title, metrics, x, y, { stat = "Sum", width = 8 } = {}) {
  return {
    type: "metric",
    x,
    y,
    width,
    height: 6,
    properties: { title, metrics, stat, period: FIVE_MINUTES, region: "${AWS::Region}", view: "timeSeries" },
  };
}

/** The dashboard's body: one JSON string, the function and API filled in by Fn::Sub. */
function dashboardBody({ namespace, service }) {
  const fn = ["FunctionName", "${GraphqlLambdaFunction}"];
  const api = ["ApiId", "${HttpApi}"];
  const ours = (metric, ...dimensions) => [namespace, metric, "service", service, ...dimensions];
  const widgets = [
    graph(
      "Requests and errors (HTTP API)",
      [
        ["AWS/ApiGateway", "Count", ...api],
        ["AWS/ApiGateway", "4xx", ...api],
        ["AWS/ApiGateway", "5xx", ...api],
      ],
      0,
      0,
    ),
    graph(
      "Latency (HTTP API, p50 / p99)",
      [
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p50" }],
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p99" }],
        ["AWS/ApiGateway", "IntegrationLatency", ...api, { stat: "p99" }],
      ],
      8,
      0,
      { stat: "p99" },
    ),
    graph(
      "Function: invocations, errors, throttles",
      [
        ["AWS/Lambda", "Invocations", ...fn],
        ["AWS/Lambda", "Errors", ...fn],
        ["AWS/Lambda", "Throttles", ...fn],
        ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum" }],
      ],
      16,
      0,
    ),
    graph(
      "Function duration (p50 / p99 / max, ms)",
      [
        ["AWS/Lambda", "Duration", ...fn, { stat: "p50" }],
        ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
        ["AWS/Lambda", "Duration", ...fn, { stat: "Maximum" }],
      ],
      0,
      6,
      { stat: "p99" },
    ),
    graph(
      "Chime calls by outcome",
      ["ok", "refused", "throttled", "failed"].map((value) => ours("ChimeCalls", "outcome", value)),
      8,
      6,
    ),
    graph(
      "Credentials (STS AssumeRole) by outcome",
      ["ok", "refused", "throttled", "failed"].map((value) => ours("StsCalls", "outcome", value)),
      16,
      6,
    ),
    graph("Requests over a per-user limit", [ours("RateLimited")], 0, 12),
    graph("Refused tokens", [ours("AuthFailures")], 8, 12),
    {
      type: "log",
      x: 16,
      y: 12,
      width: 8,
      height: 6,
      properties: {
        title: "Errors in the API's log",
        region: "${AWS::Region}",
        query:
          "SOURCE '/aws/lambda/${GraphqlLambdaFunction}' | fields @timestamp, message, requestId, operation, awsErrorName" +
          " | filter level = 'ERROR' | sort @timestamp desc | limit 20",
        view: "table",
      },
    },
  ];
  return JSON.stringify({ widgets });
}

async function resources({ resolveVariable }) {
  const [settings, service, stage, timeout] = await Promise.all([
    resolveVariable("self:custom.settings"),
    resolveVariable("self:service"),
    resolveVariable("sls:stage"),
    resolveVariable("self:provider.timeout"),
  ]);
  const context = {
    topicArn: settings.alarmTopicArn,
    namespace: settings.metricsNamespace,
    service: settings.metricsService,
    timeoutSeconds: Number(timeout),
  };
  const found = {
    ...(context.topicArn ? alarms(context) : {}),
    ...(settings.dashboard
      ? {
          Dashboard: {
            Type: "AWS::CloudWatch::Dashboard",
            Properties: {
              DashboardName: `${service}-${stage}`,
              DashboardBody: { "Fn::Sub": dashboardBody(context) },
            },
          },
        }
      : {}),
  };
  return { Resources: found };
}

module.exports = { resources, alarms, dashboardBody };
