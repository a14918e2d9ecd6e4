import DataContracts

/// A contract with one object `orders`, the given properties block and object-level quality block.
func ordersContract(properties: String, quality: String = "", dialect: String = "", custom: String = "") -> String {
    """
    apiVersion: v3.1.0
    kind: DataContract
    id: orders-contract
    name: orders
    version: 1.0.0
    status: active
    \(custom)
    servers:
      - server: landing
        type: s3
        format: csv
    \(dialect.isEmpty ? "" : "    customProperties:\n      - property: csvDialect\n        value: \(dialect)")
    schema:
      - name: orders
        physicalType: file
    \(quality.isEmpty ? "" : "    quality:\n" + quality)
        properties:
    \(properties)
    """
}

func validate(_ yaml: String, _ csv: String, settings: ValidationSettings = ValidationSettings()) throws -> ValidationResult {
    let contract = try ContractLoader.load(yaml: yaml, name: "test.yaml")
    let validation = try FileValidation(contract: contract, object: contract.objects[0], settings: settings)
    validation.write(Array(csv.utf8))
    return validation.finish()
}

extension ValidationResult {
    func check(_ id: String) -> CheckResult? { checks.first { $0.id == id } }
    func outcome(_ id: String) -> CheckResult.Outcome? { check(id)?.outcome }
}
