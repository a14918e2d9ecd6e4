/// The dimensions and metrics a property offers (`getMetadata`), including its custom definitions.
public struct PropertyMetadata: Sendable, Equatable, Decodable {
    public var name: String
    public var dimensions: [DimensionMetadata]
    public var metrics: [MetricMetadata]

    public init(name: String, dimensions: [DimensionMetadata], metrics: [MetricMetadata]) {
        self.name = name
        self.dimensions = dimensions
        self.metrics = metrics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        dimensions = try container.decodeIfPresent([DimensionMetadata].self, forKey: .dimensions) ?? []
        metrics = try container.decodeIfPresent([MetricMetadata].self, forKey: .metrics) ?? []
    }

    private enum CodingKeys: String, CodingKey { case name, dimensions, metrics }

    public struct DimensionMetadata: Sendable, Equatable, Decodable {
        public var apiName: String
        public var uiName: String?
        public var description: String?
        public var deprecatedApiNames: [String]?
        public var customDefinition: Bool?
        public var category: String?
    }

    public struct MetricMetadata: Sendable, Equatable, Decodable {
        public var apiName: String
        public var uiName: String?
        public var description: String?
        public var deprecatedApiNames: [String]?
        public var type: MetricType?
        public var expression: String?
        public var customDefinition: Bool?
        public var category: String?
    }

    /// The metadata entry for a dimension, also found by a deprecated name.
    public func dimension(named name: String) -> DimensionMetadata? {
        dimensions.first { $0.apiName == name } ?? dimensions.first { $0.deprecatedApiNames?.contains(name) == true }
    }

    /// The metadata entry for a metric, also found by a deprecated name.
    public func metric(named name: String) -> MetricMetadata? {
        metrics.first { $0.apiName == name } ?? metrics.first { $0.deprecatedApiNames?.contains(name) == true }
    }
}

extension PropertyMetadata {
    /// Checks every dimension and metric a report refers to (filters included) against the property's
    /// metadata, so that a misspelt or retired name fails the run before any quota is spent.
    public func validate(_ definitions: [ReportDefinition], property: PropertyID) throws(GA4Error) {
        for definition in definitions {
            let names = definition.referencedNames
            for name in names.dimensions where dimension(named: name) == nil {
                throw .unknownName(kind: "dimension", name: name, report: definition.name, property: property.resourceName)
            }
            for name in names.metrics where metric(named: name) == nil {
                throw .unknownName(kind: "metric", name: name, report: definition.name, property: property.resourceName)
            }
        }
    }
}
