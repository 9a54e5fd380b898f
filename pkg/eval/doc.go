// Package eval measures cafebot's size / speed / accuracy trade-off on a
// labelled set of customer messages (JSON Lines, see Case).
//
// A Runner sends every case through a fresh assistant session and reports
// routing accuracy with a confusion matrix, retrieval recall@1/@3 and MRR
// (searching the index directly), answer checks (facts present, unsupported
// claims absent), tool choice, handoff precision and recall, guard flags,
// per-stage and per-route latency, tokens, and the share of messages
// answered without the large model. Running the same set under each
// assistant.Strategy and passing the reports to Compare shows what routing
// buys over sending everything to the small or the large model.
//
// Ratios with nothing to count are nil (JSON null, "n/a"), never NaN.
// When the models cannot answer (Runner.Probe fails, or an answer is a
// retrieval-only fallback) the generation metrics leave those answers out,
// and the routing, retrieval, guard and handoff metrics are still measured.
package eval
