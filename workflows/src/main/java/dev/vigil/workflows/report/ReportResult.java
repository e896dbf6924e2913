package dev.vigil.workflows.report;

/** A generated report: its file in the file store, its size and (PDF) page count. */
public record ReportResult(String fileId, long size, int pages) {}
