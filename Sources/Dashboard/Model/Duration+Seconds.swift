extension Duration {
    /// The duration in seconds, as the panels show a computation's cost.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
