// The SMTP transport from the environment: SMTP_URL, or SMTP_HOST with SMTP_PORT/SMTP_USER/SMTP_PASS
// (SMTP_SECURE=1 for implicit TLS); MAIL_FROM is the sender. Without them there is no transport and
// mails stay in the outbox for admins to read at /admin/outbox.
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** The part of a nodemailer transporter the dispatcher uses (tests pass jsonTransport or a fake). */
export interface MailSender {
	sendMail(mail: { from: string; to: string; subject: string; text: string; messageId: string; headers?: Record<string, string> }): Promise<{
		messageId?: string;
	}>;
}

export function smtpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
	return Boolean(env.SMTP_URL || env.SMTP_HOST);
}

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
	return env.MAIL_FROM || 'JJJ Instrument Share <no-reply@jjj-instruments.local>';
}

export function createMailSender(env: NodeJS.ProcessEnv = process.env): MailSender | null {
	// Timeouts well under the dispatcher's lease, so a hung server cannot outlive the claim.
	const timeouts: SMTPTransport.Options = { connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 30_000 };
	if (env.SMTP_URL) return nodemailer.createTransport(env.SMTP_URL, timeouts) as unknown as MailSender;
	if (!env.SMTP_HOST) return null;
	const port = Number(env.SMTP_PORT ?? 587);
	return nodemailer.createTransport({
		host: env.SMTP_HOST,
		port,
		secure: env.SMTP_SECURE === '1' || port === 465,
		auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS ?? '' } : undefined,
		...timeouts
	}) as unknown as MailSender;
}
