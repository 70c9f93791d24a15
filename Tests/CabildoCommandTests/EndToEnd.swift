import CabildoTestSupport
import Testing

/// The real binary, one program at a time: these suites start processes and
/// terminals, and on two cores they would slow each other past their waits.
@Suite(.serialized) enum EndToEnd {}
