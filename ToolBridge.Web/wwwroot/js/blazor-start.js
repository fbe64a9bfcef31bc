// Portal circuits connect with one WebSocket and no SignalR negotiate request. With negotiation, the negotiate POST
// and the WebSocket that follows may reach two different machines behind Fly's proxy, which has no sticky sessions,
// and the second refuses the connection id the first handed out. A single WebSocket needs no stickiness: any machine
// can start the circuit (Data Protection keys are shared). See docs/decisions/0008-portal-circuits-without-sticky-sessions.md.
Blazor.start({
  circuit: {
    configureSignalR: builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ }),
  },
});
