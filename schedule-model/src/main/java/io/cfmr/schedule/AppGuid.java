package io.cfmr.schedule;

public record AppGuid(String value) {}
