/// A table's columns and unique keys as information_schema reports them. Every identifier the upsert writer puts
/// into a statement is one of these names, so no text from a file or an object key reaches SQL unchecked.
public struct MySQLTableSchema: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// DATA_TYPE, lower case: "int", "varchar", "decimal", "datetime", ...
        public var dataType: String
        /// COLUMN_TYPE: "int(10) unsigned", "tinyint(1)", "enum('a','b')", ...
        public var columnType: String
        public var isNullable: Bool
        public var hasDefault: Bool
        /// CHARACTER_MAXIMUM_LENGTH (characters for text, bytes for binary).
        public var maximumLength: Int?
        public var numericPrecision: Int?
        public var numericScale: Int?
        public var isGenerated: Bool

        public init(
            name: String, dataType: String, columnType: String, isNullable: Bool, hasDefault: Bool = false,
            maximumLength: Int? = nil, numericPrecision: Int? = nil, numericScale: Int? = nil, isGenerated: Bool = false
        ) {
            self.name = name
            self.dataType = dataType
            self.columnType = columnType
            self.isNullable = isNullable
            self.hasDefault = hasDefault
            self.maximumLength = maximumLength
            self.numericPrecision = numericPrecision
            self.numericScale = numericScale
            self.isGenerated = isGenerated
        }
    }

    public var database: String
    public var table: String
    public var columns: [Column]
    /// Unique keys (PRIMARY first), each as its column names in key order.
    public var uniqueKeys: [(name: String, columns: [String])]

    public init(database: String, table: String, columns: [Column], uniqueKeys: [(name: String, columns: [String])]) {
        self.database = database
        self.table = table
        self.columns = columns
        self.uniqueKeys = uniqueKeys
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.database == b.database && a.table == b.table && a.columns == b.columns
            && a.uniqueKeys.map(\.name) == b.uniqueKeys.map(\.name) && a.uniqueKeys.map(\.columns) == b.uniqueKeys.map(\.columns)
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// Reads the table's schema; `database` nil means the connection's current database. Throws
    /// `MySQLUpsertError.unknownTable` when there is no such table.
    public static func load(table: String, database: String?, connection: MySQLConnection) throws(MySQLUpsertError) -> MySQLTableSchema {
        let escapes = connection.noBackslashEscapes
        do {
            let schemaName: String
            if let database {
                schemaName = database
            } else {
                guard let current = try connection.query("SELECT DATABASE()").rows.first?.first ?? nil else {
                    throw MySQLUpsertError.configuration("no database selected and none configured for table \(table)")
                }
                schemaName = current
            }
            let whereClause = "TABLE_SCHEMA = \(SQLText.string(schemaName, noBackslashEscapes: escapes)) AND TABLE_NAME = \(SQLText.string(table, noBackslashEscapes: escapes))"
            let columnRows = try connection.query("""
                SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT IS NOT NULL, CHARACTER_MAXIMUM_LENGTH, \
                NUMERIC_PRECISION, NUMERIC_SCALE, EXTRA FROM information_schema.COLUMNS WHERE \(whereClause) \
                ORDER BY ORDINAL_POSITION
                """).rows
            guard !columnRows.isEmpty else { throw MySQLUpsertError.unknownTable("\(schemaName).\(table)") }
            let columns = columnRows.map { row in
                Column(
                    name: row[0] ?? "", dataType: (row[1] ?? "").lowercased(), columnType: (row[2] ?? "").lowercased(),
                    isNullable: row[3] == "YES", hasDefault: row[4] == "1", maximumLength: row[5].flatMap { Int($0) },
                    numericPrecision: row[6].flatMap { Int($0) }, numericScale: row[7].flatMap { Int($0) },
                    isGenerated: (row[8] ?? "").uppercased().contains("GENERATED"))
            }
            let keyRows = try connection.query("""
                SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE \(whereClause) AND NON_UNIQUE = 0 \
                ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX
                """).rows
            var keys: [(name: String, columns: [String])] = []
            for row in keyRows {
                let name = row[0] ?? "", column = row[1] ?? ""
                if let last = keys.indices.last, keys[last].name == name {
                    keys[last].columns.append(column)
                } else {
                    keys.append((name, [column]))
                }
            }
            return MySQLTableSchema(database: schemaName, table: table, columns: columns, uniqueKeys: keys)
        } catch let error as MySQLUpsertError {
            throw error
        } catch let error as MySQLError {
            throw .mysql(error)
        } catch {
            throw .configuration("\(error)")
        }
    }
}
