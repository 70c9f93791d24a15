import Dispatch
import Foundation

/// What a full-screen application gives the loop.
@MainActor
public protocol Application: AnyObject {
    /// Handles one key; returns false to quit.
    func handle(_ key: Key) -> Bool
    /// Handles one key that may have come in a burst (see `KeyEvent`);
    /// by default a burst is not told apart.
    func handle(_ key: Key, burst: Bool) -> Bool
    /// Draws the whole frame (the backend writes only what changed).
    func draw(into screen: inout Screen)
    /// Called once the loop runs, for applications with timers of their own.
    func attach(to loop: EventLoop)
}

extension Application {
    public func attach(to loop: EventLoop) {}
    public func handle(_ key: Key, burst: Bool) -> Bool { handle(key) }
}

/// What an application asks of the loop that draws it: a frame now, or on
/// the next turn of the main queue.
@MainActor
public protocol FrameDrawing: AnyObject {
    func render()
    func setNeedsDisplay()
    /// Whether a key is waiting to be read: work a timer would start can wait for it.
    var inputIsWaiting: Bool { get }
}

extension FrameDrawing {
    public var inputIsWaiting: Bool { false }
}

/// Runs an application on the main dispatch queue: keys arrive through a
/// read source on standard input, resizes through a SIGWINCH source, so the
/// main queue stays free for database observation and timers. Nothing is
/// redrawn on a timer; only keys, resizes and `setNeedsDisplay` draw.
@MainActor
public final class EventLoop: FrameDrawing {
    private let terminal: CursesTerminal
    private let application: Application
    private let ascii: Bool
    private var sources: [DispatchSourceProtocol] = []
    private var drawScheduled = false

    public init(terminal: CursesTerminal, application: Application, ascii: Bool) {
        self.terminal = terminal
        self.application = application
        self.ascii = ascii
    }

    /// Draws, then serves keys until the application quits; then restores the terminal and exits.
    public func run() -> Never {
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.pumpKeys() } }
        signal(SIGWINCH, SIG_IGN)
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        resize.setEventHandler { [unowned self] in
            MainActor.assumeIsolated {
                self.terminal.followResize()
                self.render()
            }
        }
        for source in [input, resize] as [DispatchSourceProtocol] { source.resume() }
        sources = [input, resize]
        // A lost terminal (hang-up) ends the program cleanly.
        for signalNumber in [SIGHUP, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.finish() } }
            source.resume()
            sources.append(source)
        }
        application.attach(to: self)
        render()
        dispatchMain()
    }

    /// Asks for a redraw on the next turn of the main queue (after a change from elsewhere).
    public func setNeedsDisplay() {
        guard !drawScheduled else { return }
        drawScheduled = true
        DispatchQueue.main.async { [unowned self] in
            MainActor.assumeIsolated {
                self.drawScheduled = false
                self.render()
            }
        }
    }

    public var inputIsWaiting: Bool {
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        // A hang-up or error is reported too; only bytes to read are a key.
        return poll(&input, 1, 0) > 0 && input.revents & Int16(POLLIN) != 0
    }

    private func pumpKeys() {
        // Bounded, so nothing queued can hold the main queue.
        let events = terminal.waitingKeys(limit: 4_096)
        for event in events {
            // ncurses queues KEY_RESIZE itself when resizeterm runs: answering it
            // with another resizeterm looped forever. The size is already
            // followed; a resize only means the next frame is drawn whole.
            if event.key == .resize { terminal.forgetLastFrame(); continue }
            if !application.handle(event.key, burst: event.burst) { finish() }
        }
        if events.isEmpty && isatty(STDIN_FILENO) == 0 { finish() }   // end of input: the terminal is gone
        render()
    }

    private let layout = TextLayout()

    public func render() {
        let size = terminal.size
        layout.startFrame()
        var screen = Screen(width: size.width, height: size.height, ascii: ascii, layout: layout)
        application.draw(into: &screen)
        terminal.present(screen)
    }

    private func finish() {
        for source in sources { source.cancel() }
        terminal.shutdown()
        exit(0)
    }
}
