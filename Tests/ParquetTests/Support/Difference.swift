/// Where two large arrays first differ, or nil when they are equal. Expectations on whole files compare
/// through this: a failed `==` on two arrays of a megabyte would have the test library diff them element
/// by element, which takes longer than any test should.
func difference<Element: Equatable>(_ actual: [Element], _ expected: [Element]) -> String? {
    if actual == expected { return nil }
    let first = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actual.count, expected.count)
    return "\(actual.count) elements against \(expected.count), first difference at \(first)"
}
