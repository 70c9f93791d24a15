import CabildoCore

/// Rows fetched from the database a page at a time, as the list shows them:
/// a million rows cost what the visible pages cost. A page beside one held
/// is read from its neighbour's key, and End reads the last page directly,
/// so no page near one held needs an OFFSET walk; at most `kept` pages stay
/// in memory, the farthest from the one in view going first. A reload (after
/// publishing, or when other terminals add rows) reads only the rows on
/// screen, around the selected record's key, wherever that record now
/// stands; the pages around them are read when scrolled to.
@MainActor
public final class PagedRows<Item: Sendable & Hashable>: RowSource {
    public let count: Int
    public let pageSize: Int
    public let kept = 20
    private let fetch: (PagePosition<Item>, Int) throws -> [Item]
    private let render: (Item) -> PaneRow
    /// The row number of an item in this list's order, or nil when it no longer belongs.
    private let locate: ((Item) throws -> Int?)?
    /// Whether a change leaves these rows (in order, as on screen) as they
    /// were, with no other row now among them; nil when the list cannot tell.
    private let untouched: ((ChangeNotice, [Item]) throws -> Bool)?
    /// Rows are drawn into text only when shown: a reload that reads a page
    /// around the selection costs the rows on screen, not the whole page.
    private var pages: [Int: [(item: Item, row: PaneRow?)]] = [:]
    /// A record of the list this one reloads, and where it stands now: its page is read around its key.
    private var anchor: (index: Int, item: Item)?
    /// The rows on screen when the list was reloaded (see `read(window:)`), from row `start`.
    private var window: (start: Int, rows: [(item: Item, row: PaneRow?)])?
    /// What the tests and the benchmark check: the first read, and how many
    /// reads walked an OFFSET past the first page.
    public private(set) var firstRead: PagePosition<Item>?
    public private(set) var deepOffsetReads = 0
    /// Records read, in all: what a reload costs.
    public private(set) var itemsRead = 0
    /// Rows made into text, in all: a reload that changes nothing on screen makes none.
    public private(set) var rowsMadeIntoText = 0
    public var pagesHeld: Int { pages.count }
    /// Rows the list before this reload made into text, by record: `render`
    /// depends on the record alone, so a row still on screen after the reload
    /// is not made into text again (a list another terminal adds a row to
    /// redraws one new row, not the screen's twenty).
    private var carried: [Item: PaneRow] = [:]

    public init(count: Int, pageSize: Int = 100,
         fetch: @escaping (PagePosition<Item>, Int) throws -> [Item], render: @escaping (Item) -> PaneRow,
         locate: ((Item) throws -> Int?)? = nil, untouched: ((ChangeNotice, [Item]) throws -> Bool)? = nil) {
        self.count = count
        self.pageSize = pageSize
        self.fetch = fetch
        self.render = render
        self.locate = locate
        self.untouched = untouched
    }

    public func row(_ index: Int) -> PaneRow {
        if let window, index >= window.start, index < window.start + window.rows.count {
            let offset = index - window.start
            if let row = window.rows[offset].row { return row }
            let row = made(window.rows[offset].item)
            self.window!.rows[offset].row = row
            return row
        }
        let page = index / pageSize
        if pages[page] == nil { load(page) }
        let offset = index - page * pageSize
        guard let rows = pages[page], offset < rows.count else { return PaneRow(text: "", kind: .text) }
        if let row = rows[offset].row { return row }
        let row = made(rows[offset].item)
        pages[page]![offset].row = row
        return row
    }

    private func made(_ item: Item) -> PaneRow {
        if let row = carried[item] { return row }
        rowsMadeIntoText += 1
        return render(item)
    }

    /// The rows already made into text, for the list that replaces this one.
    private var rowsToCarry: [Item: PaneRow] {
        var rows = carried
        for held in (window?.rows ?? []) + pages.values.joined() { if let row = held.row { rows[held.item] = row } }
        return rows
    }

    /// The records the rows show, read as `row(_:)` reads them but not made
    /// into text: what decides whether a reload needs a frame.
    public func records(_ range: Range<Int>) -> AnyHashable {
        AnyHashable(range.map { index -> Item? in
            if let held = item(at: index) { return held }
            guard index >= 0, index < count else { return nil }
            if pages[index / pageSize] == nil { load(index / pageSize) }
            return item(at: index)
        })
    }

    private func item(at index: Int) -> Item? {
        if let window, index >= window.start, index < window.start + window.rows.count {
            return window.rows[index - window.start].item
        }
        guard let rows = pages[index / pageSize], rows.indices.contains(index % pageSize) else { return nil }
        return rows[index % pageSize].item
    }

    /// Finds the selected record of `previous` in this list. When it has left
    /// (filtered out), a neighbour that stayed still anchors the page read.
    public func index(following index: Int, in previous: any RowSource) -> Int? {
        guard let previous = previous as? PagedRows<Item>, let locate, pages.isEmpty else { return nil }
        for candidate in [index, index + 1, index - 1] {
            guard let item = previous.item(at: candidate), let now = (try? locate(item)) ?? nil else { continue }
            anchor = (now, item)
            guard candidate == index else { return nil }
            // Carried only to the read of the window, which keeps the rows it shows.
            carried = previous.rowsToCarry
            return now
        }
        return nil
    }

    /// After a change that left the rows on screen as they were (rows were
    /// added or removed only above or below them, as when kiosks record while
    /// an official looks further down the list): keeps those rows, found
    /// where they now stand, instead of reading them again. Returns the row
    /// number of the first of them, or nil when they must be read again.
    public func keep(_ previous: any RowSource, window range: Range<Int>, after notice: ChangeNotice) -> Int? {
        guard let previous = previous as? PagedRows<Item>, let untouched, let locate, pages.isEmpty, window == nil,
              let held = previous.window, held.start == range.lowerBound, held.rows.count == range.count,
              let first = held.rows.first?.item,
              (try? untouched(notice, held.rows.map(\.item))) == true,
              let start = (try? locate(first)) ?? nil, start + held.rows.count <= count else { return nil }
        window = (start, held.rows)
        anchor = (start, first)   // pages scrolled to later are read from its key, not by OFFSET
        return start
    }

    /// After `index(following:in:)` found the selected record: reads the rows
    /// `window` shows, from the key of the row just above them, so a list
    /// that other terminals keep adding to costs the rows on screen per reload.
    public func read(window range: Range<Int>) {
        guard let anchor, pages.isEmpty, window == nil, range.contains(anchor.index) else { return }
        // The rows above the selected one, newest first, from the row just
        // above the window (none at the top); then from the last of them on.
        let onScreenAbove = anchor.index - range.lowerBound
        let wanted = onScreenAbove + (range.lowerBound > 0 ? 1 : 0)
        var above = wanted > 0 ? fetching(.before(anchor.item), wanted) : []
        guard above.count == wanted else { return }
        let position = above.last.map { PagePosition<Item>.after($0) } ?? .offset(0)
        if range.lowerBound > 0 { above.removeFirst() }
        let rows = above + fetching(position, range.count - onScreenAbove)
        if firstRead == nil { firstRead = position }
        window = (range.lowerBound, rows.map { ($0, nil) })
        let onScreen = Set(rows)
        carried = carried.filter { onScreen.contains($0.key) }
    }

    private func fetching(_ position: PagePosition<Item>, _ limit: Int) -> [Item] {
        let items = (try? fetch(position, limit)) ?? []
        itemsRead += items.count
        return items
    }

    private func load(_ page: Int) {
        let lastPage = max(0, count - 1) / pageSize
        let anchorPage = anchor.map { $0.index / pageSize }
        // Keys pressed faster than frames are drawn can skip pages: walk to
        // the page from the nearest one held (or from the end), still by keys.
        let walk = kept / 2
        if pages[page - 1] == nil, pages[page + 1] == nil, page != anchorPage {
            if let near = pages.keys.min(by: { abs($0 - page) < abs($1 - page) }), abs(near - page) <= walk {
                load(near < page ? page - 1 : page + 1)
            } else if let anchorPage, abs(anchorPage - page) <= walk {
                load(anchorPage < page ? page - 1 : page + 1)
            } else if page < lastPage, lastPage - page <= walk {
                load(page + 1)
            }
        }
        var position: PagePosition<Item>
        var limit = pageSize
        if let previous = pages[page - 1], previous.count == pageSize, let key = previous.last?.item {
            position = .after(key)
        } else if let key = pages[page + 1]?.first?.item {
            position = .before(key)
        } else if let anchor, page == anchorPage, page > 0,
                  // The row just before the page, read back from the anchor's key.
                  let key = fetching(.before(anchor.item), anchor.index - page * pageSize + 1).first {
            position = .after(key)
        } else if page == lastPage, page > 0 {
            position = .last
            limit = count - page * pageSize
        } else {
            position = .offset(page * pageSize)
            if page > 0 { deepOffsetReads += 1 }
        }
        while pages.count >= kept, let farthest = pages.keys.max(by: { abs($0 - page) < abs($1 - page) }) {
            pages[farthest] = nil
        }
        if firstRead == nil { firstRead = position }
        pages[page] = fetching(position, limit).map { ($0, nil) }
    }
}
