/// What `ContractValidator.check(_: TextRecordBlock)` works in, allocated once for the largest block seen and
/// reused: per record, whether its field count is right and whether it failed anything; per property and record,
/// whether the cell is null, whether the option checks apply (not null, of the declared type), its number and
/// its value for business rules; per record, the key's hash. A struct of pointers, so reading it
/// in a loop counts no references.
struct BlockScratch {
    private(set) var rows = 0
    private(set) var properties = 0
    private(set) var ruleDepth = 0
    /// Per record: the field count is right (the record is checked cell by cell).
    var rowChecked: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    /// Per record: it failed some check.
    var rowFailed: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    /// Per property, `rows` apart: the cell is null.
    var null: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    /// Per property: the cell is checked against the type's options (checked row, not null, of the type).
    var typed: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    /// Per property: the number an integer or number cell holds (valid where `typed`).
    var number: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    /// Per property a numeric business rule reads: the cell's value as the rule sees it.
    var ruleValue: UnsafeMutablePointer<NumericSQLProgram.Value> = .allocate(capacity: 0)
    /// Per record, for the key check at hand: the key's hash, whether it is live (the record is checked and no
    /// key column is null), and whether it repeats an earlier key.
    var keyHash: UnsafeMutablePointer<UInt64> = .allocate(capacity: 0)
    var keyLive: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    var keyRepeated: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)
    /// The numeric business rules' stack (`ruleDepth` levels of a value per record) and answer per record.
    var ruleStack: UnsafeMutablePointer<NumericSQLProgram.Value> = .allocate(capacity: 0)
    var ruleHolds: UnsafeMutablePointer<Bool> = .allocate(capacity: 0)

    /// Makes room for `rows` records (keeping nothing).
    mutating func reserve(rows: Int, properties: Int, ruleDepth: Int) {
        guard rows > self.rows || properties != self.properties || ruleDepth != self.ruleDepth else { return }
        deallocate()
        let capacity = max(rows, self.rows)
        self.rows = capacity
        self.properties = properties
        self.ruleDepth = ruleDepth
        rowChecked = .allocate(capacity: capacity)
        rowFailed = .allocate(capacity: capacity)
        null = .allocate(capacity: capacity * properties)
        typed = .allocate(capacity: capacity * properties)
        number = .allocate(capacity: capacity * properties)
        ruleValue = .allocate(capacity: capacity * properties)
        keyHash = .allocate(capacity: capacity)
        keyLive = .allocate(capacity: capacity)
        keyRepeated = .allocate(capacity: capacity)
        ruleStack = .allocate(capacity: capacity * ruleDepth)
        ruleHolds = .allocate(capacity: capacity)
    }

    func deallocate() {
        rowChecked.deallocate()
        rowFailed.deallocate()
        null.deallocate()
        typed.deallocate()
        number.deallocate()
        ruleValue.deallocate()
        keyHash.deallocate()
        keyLive.deallocate()
        keyRepeated.deallocate()
        ruleStack.deallocate()
        ruleHolds.deallocate()
    }
}
