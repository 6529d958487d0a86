/// The syntax tree of a parsed expression, built once by ``ExpressionParser`` and evaluated per user.
indirect enum ExpressionNode: Sendable, Hashable {
    /// `[name]`: the attribute's value, looked up by its canonical spelling.
    case attribute(String)
    /// A string, integer or boolean literal.
    case literal(PropertyValue)
    /// A function call with its argument nodes.
    case call(ExpressionFunction, [ExpressionNode])
    /// `a = b` (or `a <> b` when negated): a boolean.
    case comparison(ExpressionNode, ExpressionNode, negated: Bool)

    /// The value of the node for one user. Total: never throws or traps.
    func evaluate(_ attribute: (String) -> PropertyValue) -> PropertyValue {
        switch self {
        case .attribute(let name): attribute(name)
        case .literal(let value): value
        case .call(let function, let arguments): function.evaluate(arguments, attribute)
        case .comparison(let lhs, let rhs, let negated):
            .bool(Self.same(lhs.evaluate(attribute), rhs.evaluate(attribute)) != negated)
        }
    }

    /// `=`: null equals only null; other values compare by their string form, exactly (case-sensitive).
    static func same(_ a: PropertyValue, _ b: PropertyValue) -> Bool {
        switch (a.stringValue, b.stringValue) {
        case (nil, nil): true
        case (let x?, let y?): x == y
        default: false
        }
    }
}
