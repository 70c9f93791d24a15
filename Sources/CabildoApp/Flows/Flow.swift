import CabildoCore
import CabildoText

/// What a person gives a flow's step, whatever the front end: a numbered
/// option, the text of the step's field, the values of its few fields,
/// "go on" or "go back".
public enum FlowInput: Sendable, Equatable {
    /// An option, numbered from 1 as it is shown.
    case choose(Int)
    /// The text of the step's one field so far (nothing moves on).
    case text(String)
    /// The values of the step's fields so far (nothing moves on).
    case values(FormValues)
    /// Go on: send what the field holds, continue, finish.
    case next
    case back
}

/// What a flow answers a host after an input.
public enum FlowReply: Sendable, Equatable {
    /// Show the flow's current step.
    case stay
    /// Show the current step and say this (not an error).
    case say(Message)
    /// The flow is done (a receipt read, a message sent): the host starts over.
    case finished
    /// Back out of the flow's first step: the host returns to what came before it.
    case left
}

/// One line of a review: what was asked, and what the person answered.
public struct ReviewLine: Sendable, Equatable {
    public let label: String
    /// Empty when left unanswered.
    public let value: String
}

/// What a step shows, rendered in the session's language and unwrapped:
/// every front end lays it out and wraps it to its own width.
public struct FlowView: Sendable {
    public var heading: String
    /// Text to read (a notice, a result), one paragraph per line.
    public var lines: [String] = []
    /// Numbered choices, in order (the first is number 1).
    public var options: [String] = []
    /// The one field to fill, if the step asks for text.
    public var field: FieldSpec?
    /// The fields to fill, if the step is a small form (contact data, sign in).
    public var fields: [FieldSpec] = []
    /// On a review: what was answered (the options then correct these, or send).
    public var review: [ReviewLine] = []
    /// What to do here ("Press the number of your choice.").
    public var instruction: String

    public init(heading: String, lines: [String] = [], options: [String] = [], field: FieldSpec? = nil,
                fields: [FieldSpec] = [], review: [ReviewLine] = [], instruction: String) {
        self.heading = heading; self.lines = lines; self.options = options; self.field = field; self.fields = fields
        self.review = review; self.instruction = instruction
    }
}

/// Where a citizen's flow stands and what it stamps on what it sends.
public struct Station: Sendable, Equatable {
    public let place: String
    public let jurisdictionId: Int64
    public let channel: Channel
    /// Submissions this station may send in a minute (Core refuses the next).
    public let submissionsPerMinute: Int

    public init(place: String, jurisdictionId: Int64, channel: Channel,
                submissionsPerMinute: Int = AppDatabase.kioskSubmissionsPerMinute) {
        self.place = place; self.jurisdictionId = jurisdictionId; self.channel = channel
        self.submissionsPerMinute = submissionsPerMinute
    }
}

