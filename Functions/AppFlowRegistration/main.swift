// AppFlowRegistration: a `RegisterDataFlow` event creates the Redshift tables and the GA4 → Redshift AppFlow flows
// it describes, exactly once however often the event is delivered.
import AWS
import CGlibcCompat
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run { initialization in
    let configuration = try AppFlowRegistrationConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    let http = initialization.http.client
    return AppFlowRegistrationHandler(
        configuration: configuration,
        settings: RegistrationSettingsCache(
            secrets: SecretsManagerClient(configuration: aws, http: http), lifetime: .seconds(configuration.settingsCacheSeconds)),
        redshift: RedshiftDataClient(configuration: aws, http: http),
        appflow: AppFlowClient(configuration: aws, http: http),
        sns: SNSClient(configuration: aws, http: http),
        metrics: MetricsLogger(
            namespace: configuration.metricsNamespace,
            dimensions: [("FunctionName", initialization.environment.string("AWS_LAMBDA_FUNCTION_NAME", default: "AppFlowRegistration"))]))
}
