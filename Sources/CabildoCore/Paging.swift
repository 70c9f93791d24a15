/// Where a page of an ordered list starts. `after` and `before` name a row
/// already read, so the next page is found through the index in constant
/// time; `offset` is for a jump; `last` is the end of the list, as End wants.
public enum PagePosition<Key: Sendable>: Sendable {
    case offset(Int)
    case after(Key)
    case before(Key)
    case last
}
