// LambdaEvents module.
