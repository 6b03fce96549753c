import AWS
import ArgumentParser
import Dashboard
import Engine
import Foundation

/// `ecomdash [FILE…]`: the interactive dashboard.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the live terminal dashboard on CSV files, a stream, or a demo feed.",
        discussion: """
            With files, the dashboard appears at once and fills as they are read. With --follow DIR \
            it reads a stream (see `ecomdash stream`) and keeps up as records arrive; with --follow \
            LAKE it shows a lake and each landing of an ingest into it (`ingest --follow`); with no file, \
            or with --demo, it shows generated shop events arriving live. Press ? for the keys. \
            Figures are kept up to date as rows arrive; a new filter recomputes them once. A lake \
            opens with the figures saved in it by the last dashboard on it (LAKE/views/) while its rows \
            load for filters; the first opening after a landing folds them and saves them.

            ECOMDASH_TRACE=1 with --follow measures, for every record appended while the dashboard \
            runs, the time from its append to the first frame that shows it, and prints p50, p99 \
            and max on exit.

            Settings: \(DashboardConfig.defaultPath()) (theme, refresh_hz, default_panel, \
            demo_speed, mouse, export_dir, [keys], [thresholds]). Themes: TOML files in themes/ (default, light, \
            monochrome, dracula, nord, gruvbox, solarized, colorblind) or a path to one. \
            NO_COLOR or --no-color draws without colour.
            """)

    @OptionGroup var input: InputOptions

    @Flag(help: "Show generated events arriving live (the default when no file is given).")
    var demo = false

    @Option(
        help: ArgumentHelp(
            "Demo speed: event-time seconds per second (default 600, or demo_speed in the config).",
            valueName: "x"))
    var speed: Double?

    @Option(help: ArgumentHelp("Theme name or path to a theme file.", valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "Draw without colour.")
    var noColor = false

    @Option(help: ArgumentHelp("Settings file.", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Where rejected rows are written.", valueName: "path"))
    var rejects: String = "ecomdash-rejects.csv"

    @OptionGroup var alertOptions: AlertOptions

    @Option(
        help: ArgumentHelp(
            "Follow a stream (a shard-log directory or kinesis://NAME) and show its records as they arrive, or a lake that an ingest is landing into and show each landing.",
            valueName: "dir"))
    var follow: String?

    @OptionGroup(title: "With --follow") var position: StreamReadOptions

    @OptionGroup(title: "AWS (with s3:// files or --follow kinesis://NAME)") var aws: AWSOptions

    func run() throws {
        ProcessMemory.limitArenas()  // before any thread: the dashboard runs for hours
        let environment = ProcessInfo.processInfo.environment
        guard isatty(1) == 1, isatty(0) == 1, environment["TERM"] != "dumb" else {
            printError(
                "ecomdash: the dashboard needs an interactive terminal (standard input and output are not one, or TERM=dumb).\n"
                    + "For scripts and pipes use: ecomdash report FILE… [--format table|csv|json]")
            throw ExitCode(2)
        }
        guard NCursesTerminal.isKnownTerminal else {
            throw NCursesTerminal.UnknownTerminal(term: environment["TERM"] ?? "")
        }
        let settings = try DashboardConfig.load(path: config ?? DashboardConfig.defaultPath())
        for w in settings.warnings { printError("ecomdash: " + w) }
        let catalog = ThemeCatalog()
        let chosenTheme = try catalog.theme(named: theme ?? settings.theme ?? "default")
        var options = try input.insightOptions()
        // The command line wins over the config, in whatever form it was given (`--min-views 5`,
        // `--min-views=5`).
        if input.minViews == nil, let m = settings.minViews { options.minViews = m }
        if input.categoryLevel == nil { options.categoryLevel = settings.categoryLevel }

        let store = EventStore()
        let feed: Feed
        var holdWhileLoading = false
        var savedViews: SavedViews?
        var temporaryStream: String? = nil
        var startedFeed: Feed? = nil
        defer {
            startedFeed?.stop()  // the demo's producer first: it must not write into a removed directory
            if let t = temporaryStream { try? FileManager.default.removeItem(atPath: t) }
        }
        // With ECOMDASH_TRACE, --follow measures append-to-screen latency and prints it on exit.
        let probe = follow != nil && environment["ECOMDASH_TRACE"] != nil ? ScreenLatencyProbe() : nil
        if follow == nil, input.windowTime != .event {
            throw ValidationError(
                "--window-time \(input.windowTime.rawValue) needs --follow: files carry no \(input.windowTime.name)")
        }
        // Windows on a time only the records carry are detected by the feed, which also sends
        // their alerts; on event time the model does both from the store.
        let feedSinks = input.windowTime == .event ? [] : try alertOptions.sinks(aws: aws)
        let feedDispatcher = feedSinks.isEmpty ? nil : AlertDispatcher(sinks: feedSinks)
        if let name = follow.flatMap(KinesisAddress.streamName) {
            if input.arrivalTime {
                throw ValidationError(
                    "--window-time arrival is for shard logs: Kinesis records carry no arrival stamp of ecomdash's (txn windows on txn_timestamp)"
                )
            }
            feed = KinesisFeed(
                store: store, reader: try position.kinesisReader(of: name, settings: try aws.settings()),
                txnWindows: input.windowTime == .txn ? TxnBurstWindows(rule: options.burst) : nil,
                dispatcher: feedDispatcher)
        } else if let dir = follow, Lake.isLake(dir) {
            if input.windowTime != .event {
                throw ValidationError(
                    "--window-time \(input.windowTime.rawValue) is for streams: a lake keeps event times only")
            }
            feed = LakeFeed(store: store, follower: try LakeFollower(opening: dir, window: options.window))
            holdWhileLoading = true
        } else if let dir = follow {
            let c = try position.consumer(of: dir)
            feed = StreamFeed(
                store: store, consumer: c, source: "stream \(dir)", rule: options.burst, clock: input.windowTime,
                dispatcher: feedDispatcher, probe: probe)
        } else if demo || input.files.isEmpty {
            // The demo runs the real pipeline through a stream in a temporary directory.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecomdash-demo-\(getpid())").path
            try? FileManager.default.removeItem(atPath: dir)
            _ = try StreamDescriptor.create(at: dir, shards: 4, retentionHours: 24)
            temporaryStream = dir
            let producer = DemoFeed(
                producer: try StreamProducer(directory: dir, partitionKey: .user),
                speed: speed ?? settings.demoSpeed)
            feed = StreamFeed(
                store: store, consumer: try StreamConsumer(directory: dir), source: "demo → stream \(dir)",
                producer: producer, rule: options.burst)
        } else {
            try OutputGuard.check(rejects, option: "--rejects", inputs: input.files)
            try OutputGuard.check(alertOptions.alertsJSONL, option: "--alerts-jsonl", inputs: input.files)
            let source = try InputSources.open(input.files, window: options.window, aws: aws)
            feed = FileFeed(store: store, source: source, rejectsPath: rejects)
            if let lake = source as? LakeSource {
                holdWhileLoading = true
                savedViews = SavedViews(lake: lake.lake)
            }
        }
        let model = DashboardModel(store: store, options: options)
        model.savedViews = savedViews
        if holdWhileLoading { model.holdWhile = { [feed] in feed.status.loading } }
        model.isComplete = { [feed] in !feed.follows && !feed.status.loading }
        model.isFinite = { [feed] in !feed.follows }
        let sinks = input.windowTime == .event ? try alertOptions.sinks(aws: aws) : []
        if !sinks.isEmpty {
            model.alerts = AlertDispatcher(sinks: sinks)
            if feed is StreamFeed { model.streamWatermark = { [feed] in feed.status.watermark } }
        }
        // Before curses starts, so that it keeps these handlers: a closed terminal (SIGHUP) or a
        // SIGTERM ends the loop as q does, and the terminal and the demo's directory are restored.
        installStopHandlers()
        model.start(interval: 0.01, refresh: 1 / Double(max(1, settings.refreshHz)))
        feed.start()
        startedFeed = feed
        let terminal = try NCursesTerminal(
            color: !noColor && environment["NO_COLOR"].map(\.isEmpty) ?? true, mouse: settings.mouse)
        var settingsWithNotice = settings
        settingsWithNotice.categoryLevel = options.categoryLevel
        let app = DashboardApp(
            terminal: terminal, model: model, feed: feed, config: settingsWithNotice,
            theme: chosenTheme, catalog: catalog)
        app.probe = probe
        app.shouldStop = { stopRequested.load(ordering: .relaxed) }
        app.run()
        terminal.close()
        model.stop()
        if let summary = probe?.summary { printError(summary) }
    }
}
