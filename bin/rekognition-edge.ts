#!/usr/bin/env node
/**
 * The `rekognition-edge` command. Runs under Node ≥ 20 (built to dist/cli.js),
 * Bun and Deno.
 */
import process from "node:process";
import { main } from "../cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
